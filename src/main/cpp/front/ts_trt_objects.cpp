// Deleting what TensorRT created. The org.bytedeco TensorRT presets attach no deallocator to the
// objects TensorRT's factories return (createInferRuntime, deserializeCudaEngine,
// createExecutionContext, createInferBuilder, ...), so their deallocate() frees nothing and every
// engine keeps its weights on the device. Every one of those interfaces derives from
// nvinfer1::INoCopy, whose only virtual function is its destructor: the destructors open the
// vtable, and a delete through a class of that same layout runs the object's own (virtual)
// deleting destructor. This file does that without TensorRT's headers, so it builds everywhere.
// Not for nvonnxparser::IParser, which does not derive from INoCopy.
#include <atomic>

#include "tilestereo.h"

namespace {

// The layout of nvinfer1::INoCopy: a virtual destructor and nothing else.
class TensorRtInterface {
public:
    virtual ~TensorRtInterface() = default;
};

std::atomic<int> testing_alive{0};

// A stand-in with that layout whose destruction is counted, for the test of the delete path.
class TestingObject final : public TensorRtInterface {
public:
    TestingObject() { ++testing_alive; }
    ~TestingObject() override { --testing_alive; }
};

}  // namespace

TS_API void ts_trt_destroy(void* object) {
    delete static_cast<TensorRtInterface*>(object);
}

TS_API void* ts_testing_trt_object(void) {
    return static_cast<TensorRtInterface*>(new TestingObject());
}

TS_API int ts_testing_trt_objects_alive(void) {
    return testing_alive.load();
}
