#!/usr/bin/env bash
# Builds target/dist: a tilestereo that runs on a Linux x86_64 machine without Java or Maven.
#   runtime/   a jlink'd Java runtime with only the modules tilestereo uses
#   lib/       tilestereo's jar and its runtime dependencies, other platforms' natives left out
#   bin/       the launcher (it prefers runtime/bin/java and lib/ beside it)
#   samples/   the project's sample photos and clips with their NOTE.md (source and terms)
# and target/dist-video/lib/: FFmpeg's natives (23 MiB), which video needs and photos do not. They
# stay outside target/dist so that it fits the 60 MiB limit (one carry to the GPU machine);
# copying that jar into target/dist/lib/ gives the distribution video.
# Maven runs it at package (profile "dist", on when the JDK has jmods; -P '!dist' skips it).
# By hand: dist/make-dist.sh target "$JAVA_HOME" 60
set -euo pipefail

target=$(cd "$1" && pwd)
java_home=$2
limit_mib=${3:-60}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dist="$target/dist"
java="$java_home/bin/java"

if [[ ! -x "$java_home/bin/jlink" ]]; then
    echo "[tilestereo] ERROR: no jlink in $java_home/bin; the distribution needs a full JDK" >&2
    exit 1
fi
if ! ls "$target"/tilestereo-*.jar > /dev/null 2>&1 || [[ ! -d "$target/lib" ]]; then
    echo "[tilestereo] ERROR: $target holds no tilestereo jar or lib/; run mvn package" >&2
    exit 1
fi

video="$target/dist-video"
rm -rf "$dist" "$video"
mkdir -p "$dist/bin" "$dist/lib" "$video/lib"

# The modules: java.desktop for ImageIO, java.logging for ONNX Runtime, jdk.unsupported for
# JavaCPP, java.management and jdk.zipfs for the libraries that ask for them.
# --compress=2 is jlink's zip before JDK 21; later ones name it zip-6 (and warn about 2).
feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
compress=2
if [[ "${feature%%.*}" -ge 21 ]]; then
    compress=zip-6
fi
"$java_home/bin/jlink" \
    --add-modules java.base,java.desktop,java.logging,jdk.unsupported,java.management,jdk.zipfs \
    --strip-debug --no-man-pages --no-header-files --compress="$compress" \
    --output "$dist/runtime"
# Debian's and some other JDKs ship libjvm.so with its symbol table (4 MiB): not needed to run.
if command -v strip > /dev/null; then
    strip --strip-unneeded "$dist/runtime/lib/server/libjvm.so"
fi

for jar in "$target"/lib/*.jar "$target"/tilestereo-*.jar; do
    name=$(basename "$jar")
    case "$name" in
        *-sources.jar|*-tests.jar|*-javadoc.jar)
            ;;
        onnxruntime-*.jar)
            # 139 MB with four platforms; Linux x86_64 is 7.5 MB of it.
            "$java" "$root/dist/PruneJar.java" "$jar" "$dist/lib/$name" \
                '-ai/onnxruntime/native/**' '+ai/onnxruntime/native/linux-x64/**'
            ;;
        cuda-*-linux-x86_64.jar)
            # The JNI of every CUDA library; tilestereo calls the runtime (cudart), and the
            # TensorRT presets build on cublas, cudnn and nvrtc. The CUDA libraries themselves are
            # the driver's and TensorRT's (tilestereo's own jar carries libcudart.so.13).
            "$java" "$root/dist/PruneJar.java" "$jar" "$dist/lib/$name" \
                '-org/bytedeco/cuda/linux-x86_64/**' '-META-INF/native-image/**' \
                '+org/bytedeco/cuda/linux-x86_64/libjnicudart.so' '+org/bytedeco/cuda/linux-x86_64/libjnicublas.so' \
                '+org/bytedeco/cuda/linux-x86_64/libjnicudnn.so' '+org/bytedeco/cuda/linux-x86_64/libjninvrtc.so'
            ;;
        ffmpeg-*-linux-x86_64.jar)
            # What the video code loads: avformat, avcodec, avutil, swscale, swresample (and the
            # VA-API libraries avutil preloads); not avfilter, avdevice or the ffmpeg executables.
            "$java" "$root/dist/PruneJar.java" "$jar" "$video/lib/$name" \
                '-org/bytedeco/ffmpeg/linux-x86_64/*avfilter*' '-org/bytedeco/ffmpeg/linux-x86_64/*avdevice*' \
                '-org/bytedeco/ffmpeg/linux-x86_64/ffmpeg' '-org/bytedeco/ffmpeg/linux-x86_64/ffprobe' \
                '-META-INF/native-image/**'
            ;;
        *)
            cp "$jar" "$dist/lib/$name"
            ;;
    esac
done
# Only Linux x86_64 natives may remain (the pom already picks linux-x86_64 classifiers).
other=$(for j in "$dist"/lib/*.jar "$video"/lib/*.jar; do unzip -Z1 "$j" 2>/dev/null | sed "s|^|$(basename "$j"): |"; done \
    | grep -E '\.(so|dylib|dll)(\.[0-9]+)*$' | grep -vE 'linux-x86_64/|linux-x64/' || true)
if [[ -n "$other" ]]; then
    echo "[tilestereo] ERROR: the distribution holds natives of other platforms:" >&2
    echo "$other" >&2
    exit 1
fi

cp "$root/bin/tilestereo" "$dist/bin/tilestereo"
chmod +x "$dist/bin/tilestereo"
# bench video's and bench model's defaults are ROOT/samples of the installation (Installation.java),
# and a user's first conversion needs something to convert. tree.avi (1.2 MiB) serves only the
# tests, and with it the distribution would pass the limit.
cp -R "$root/samples" "$dist/samples"
rm "$dist/samples/video/tree.avi"

bytes=$(find "$dist" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
mib=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1048576}')
runtime_mib=$(find "$dist/runtime" -type f -printf '%s\n' | awk '{s += $1} END {printf "%.1f", s / 1048576}')
lib_mib=$(find "$dist/lib" -type f -printf '%s\n' | awk '{s += $1} END {printf "%.1f", s / 1048576}')
samples_mib=$(find "$dist/samples" -type f -printf '%s\n' | awk '{s += $1} END {printf "%.1f", s / 1048576}')
echo "[tilestereo] distribution $dist: $mib MiB (runtime $runtime_mib MiB, lib $lib_mib MiB, samples $samples_mib MiB; limit $limit_mib MiB)"
if ls "$video"/lib/*.jar > /dev/null 2>&1; then
    video_mib=$(find "$video/lib" -type f -printf '%s\n' | awk '{s += $1} END {printf "%.1f", s / 1048576}')
    echo "[tilestereo] FFmpeg for video: $video/lib ($video_mib MiB); copy its jar into $dist/lib for video"
else
    rmdir "$video/lib" "$video"
fi
if (( bytes > limit_mib * 1048576 )); then
    echo "[tilestereo] ERROR: the distribution is $mib MiB, over the limit of $limit_mib MiB" >&2
    exit 1
fi
