package org.tilestereo.runtime;

import org.tilestereo.plan.Precision;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.tensorrt.global.nvinfer;
import org.bytedeco.tensorrt.global.nvinfer.BuilderFlag;
import org.bytedeco.tensorrt.global.nvinfer.LayerType;
import org.bytedeco.tensorrt.global.nvinfer.MemoryPoolType;
import org.bytedeco.tensorrt.global.nvinfer.OptProfileSelector;
import org.bytedeco.tensorrt.global.nvonnxparser;
import org.bytedeco.tensorrt.nvinfer.Dims4;
import org.bytedeco.tensorrt.nvinfer.IBuilder;
import org.bytedeco.tensorrt.nvinfer.IBuilderConfig;
import org.bytedeco.tensorrt.nvinfer.IHostMemory;
import org.bytedeco.tensorrt.nvinfer.ILogger;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.IOptimizationProfile;
import org.bytedeco.tensorrt.nvonnxparser.IParser;
import org.bytedeco.tensorrt.nvonnxparser.IParserError;
import org.tilestereo.depth.DepthException;

/**
 * Builds a serialized TensorRT engine from an ONNX file: parse, one optimization profile for the
 * image input, the workspace limit, and the precision. FP16 sets the FP16 flag. INT8 sets INT8 and
 * FP16 (for layers INT8 does not cover); a model with Q/DQ nodes is built as quantized, otherwise an
 * entropy calibrator supplies the scales, with a calibration profile of the calibration batch's
 * shape. Every TensorRT object made here is released before returning.
 */
final class EngineBuilder {
    private EngineBuilder() {
    }

    /**
     * @param calibration needed for INT8 unless the model is quantized; else ignored
     * @return the serialized engine, in memory that outlives TensorRT's buffer
     */
    static ByteBuffer build(Path onnx, ModelFacts facts, Precision precision, ShapeProfile profile, long workspace,
                            CalibrationBatches calibration, CalibrationCache calibrationCache, TrtLogger logger,
                            PrintStream log) throws DepthException {
        IBuilder builder = null;
        INetworkDefinition network = null;
        IParser parser = null;
        IBuilderConfig config = null;
        IHostMemory plan = null;
        Int8Calibrator calibrator = null;
        try {
            builder = required(nvinfer.createInferBuilder(logger), "createInferBuilder", logger);
            // Flags 0: a weakly typed network, where the precision flags choose layer precisions.
            network = required(builder.createNetworkV2(0), "createNetworkV2", logger);
            parser = required(nvonnxparser.createParser(network, logger), "createParser", logger);
            if (!parser.parseFromFile(onnx.toString(), ILogger.Severity.kWARNING.value)) {
                throw new DepthException("TensorRT cannot parse " + onnx + ": " + parserErrors(parser));
            }
            config = required(builder.createBuilderConfig(), "createBuilderConfig", logger);
            config.setMemoryPoolLimit(MemoryPoolType.kWORKSPACE, workspace);
            addProfile(builder, config, facts.inputName(), profile, false, logger);

            boolean quantized = facts.quantized() || hasQdq(network);
            config.setFlag(BuilderFlag.kFP16);
            if (precision == Precision.INT8 || quantized) {
                config.setFlag(BuilderFlag.kINT8);
            }
            if (precision == Precision.INT8 && !quantized) {
                if (calibration == null || calibration.count() == 0) {
                    throw new DepthException("INT8 engine of " + onnx + ": no calibration images");
                }
                calibrator = new Int8Calibrator(calibration, calibrationCache, log);
                config.setInt8Calibrator(calibrator);
                addProfile(builder, config, facts.inputName(), ShapeProfile.fixed(calibration.shape()), true, logger);
            } else if (quantized) {
                log.println("note: " + onnx.getFileName() + " holds Q/DQ nodes: its INT8 engine follows them, without calibration");
            }
            plan = builder.buildSerializedNetwork(network, config);
            if (plan == null || plan.isNull() || plan.size() == 0) {
                throw new DepthException("TensorRT could not build an engine of " + onnx + " (" + precision.option() + ", "
                        + profile + "): " + logger.lastError());
            }
            ByteBuffer out = ByteBuffer.allocateDirect(Math.toIntExact(plan.size()));
            out.put(new org.bytedeco.javacpp.BytePointer(plan.data()).capacity(plan.size()).asByteBuffer()).flip();
            return out;
        } finally {
            // Deleted for real (deallocate() frees nothing here), the parser before the network it fills;
            // the parser itself is not an nvinfer1::INoCopy and stays (host memory, once per build).
            TensorRtObjects.destroy(plan);
            TensorRtObjects.destroy(config);
            if (parser != null) parser.deallocate();
            TensorRtObjects.destroy(network);
            TensorRtObjects.destroy(builder);
            if (calibrator != null) calibrator.release();
        }
    }

    private static void addProfile(IBuilder builder, IBuilderConfig config, String input, ShapeProfile p,
                                   boolean forCalibration, TrtLogger logger) throws DepthException {
        IOptimizationProfile profile = required(builder.createOptimizationProfile(), "createOptimizationProfile", logger);
        boolean ok = profile.setDimensions(input, OptProfileSelector.kMIN, dims(p.min()))
                && profile.setDimensions(input, OptProfileSelector.kOPT, dims(p.opt()))
                && profile.setDimensions(input, OptProfileSelector.kMAX, dims(p.max()))
                && profile.isValid();
        if (!ok) {
            throw new DepthException("TensorRT refused the " + (forCalibration ? "calibration " : "") + p + " for input '"
                    + input + "': " + logger.lastError());
        }
        if (forCalibration ? !config.setCalibrationProfile(profile) : config.addOptimizationProfile(profile) < 0) {
            throw new DepthException("TensorRT refused the " + p + ": " + logger.lastError());
        }
    }

    static Dims4 dims(InputShape s) {
        return new Dims4(s.batch(), 3, s.height(), s.width());
    }

    private static boolean hasQdq(INetworkDefinition network) {
        for (int i = 0; i < network.getNbLayers(); i++) {
            int t = network.getLayer(i).getType().value;
            if (t == LayerType.kQUANTIZE.value || t == LayerType.kDEQUANTIZE.value) {
                return true;
            }
        }
        return false;
    }

    private static String parserErrors(IParser parser) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < parser.getNbErrors() && i < 3; i++) {
            IParserError e = parser.getError(i);
            if (i > 0) s.append("; ");
            s.append(e.desc());
            if (e.nodeName() != null && !e.nodeName().isEmpty()) {
                s.append(" (node ").append(e.nodeName()).append(' ').append(e.nodeOperator()).append(')');
            }
        }
        return s.length() == 0 ? "no detail" : s.toString();
    }

    static <T extends org.bytedeco.javacpp.Pointer> T required(T p, String call, TrtLogger logger) throws DepthException {
        if (p == null || p.isNull()) {
            throw new DepthException("TensorRT " + call + " failed: " + logger.lastError());
        }
        return p;
    }
}
