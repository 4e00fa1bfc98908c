# Turns a kernel file (cuda/<op>.cu) into C++ for the software device: each launch
# `kernel<<<grid, block, shared, stream>>>(` becomes `::ts_sw::Launch(grid, block, shared, stream).of(kernel)(`
# and nothing else changes; #line keeps compiler messages and sanitizer reports on the original file.
# cmake -DIN=cuda/x.cu -DOUT=build/x.cpp -P software-device-source.cmake
file(READ "${IN}" text)
string(REGEX REPLACE "([A-Za-z_][A-Za-z0-9_]*(<[^<>;()]*>)?)<<<([^>]*)>>>\\("
       "::ts_sw::Launch(\\3).of(\\1)(" text "${text}")
if(text MATCHES "<<<")
  message(FATAL_ERROR "${IN}: a kernel launch the software device's rewrite does not understand")
endif()
set(content "// Generated from ${IN} for the software device (cmake/software-device-source.cmake).\n#include <cuda_runtime_api.h>\n#line 1 \"${IN}\"\n${text}")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUT}" "${content}")
