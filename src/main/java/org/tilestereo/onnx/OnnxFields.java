package org.tilestereo.onnx;

/**
 * Field numbers of the ONNX protobuf messages used here, as published in the ONNX specification
 * (onnx.proto). One place for them, shared by the writer and the reader; fields only the reader
 * needs are marked as such.
 */
public final class OnnxFields {
    private OnnxFields() {
    }

    public static final class Model {
        public static final int IR_VERSION = 1;
        public static final int PRODUCER_NAME = 2;
        public static final int PRODUCER_VERSION = 3;
        public static final int DOC_STRING = 6;
        public static final int GRAPH = 7;
        public static final int OPSET_IMPORT = 8;
        public static final int METADATA_PROPS = 14;
        // Read only:
        public static final int DOMAIN = 4;
        public static final int MODEL_VERSION = 5;
        public static final int TRAINING_INFO = 20;
        public static final int FUNCTIONS = 25;

        private Model() {
        }
    }

    public static final class OperatorSetId {
        public static final int DOMAIN = 1;
        public static final int VERSION = 2;

        private OperatorSetId() {
        }
    }

    public static final class StringStringEntry {
        public static final int KEY = 1;
        public static final int VALUE = 2;

        private StringStringEntry() {
        }
    }

    public static final class Graph {
        public static final int NODE = 1;
        public static final int NAME = 2;
        public static final int INITIALIZER = 5;
        public static final int INPUT = 11;
        public static final int OUTPUT = 12;
        // Read only:
        public static final int DOC_STRING = 10;
        public static final int VALUE_INFO = 13;
        public static final int QUANTIZATION_ANNOTATION = 14;
        public static final int SPARSE_INITIALIZER = 15;

        private Graph() {
        }
    }

    public static final class Node {
        public static final int INPUT = 1;
        public static final int OUTPUT = 2;
        public static final int NAME = 3;
        public static final int OP_TYPE = 4;
        public static final int ATTRIBUTE = 5;
        public static final int DOMAIN = 7;
        // Read only:
        public static final int DOC_STRING = 6;
        public static final int OVERLOAD = 8;

        private Node() {
        }
    }

    public static final class Attribute {
        public static final int NAME = 1;
        public static final int F = 2;
        public static final int I = 3;
        public static final int S = 4;
        public static final int T = 5;
        public static final int FLOATS = 7;
        public static final int INTS = 8;
        public static final int TYPE = 20;
        // Read only:
        public static final int G = 6;
        public static final int STRINGS = 9;
        public static final int TENSORS = 10;
        public static final int GRAPHS = 11;
        public static final int DOC_STRING = 13;
        public static final int TP = 14;
        public static final int TYPE_PROTOS = 15;
        public static final int REF_ATTR_NAME = 21;
        public static final int SPARSE_TENSOR = 22;
        public static final int SPARSE_TENSORS = 23;

        private Attribute() {
        }
    }

    public static final class Tensor {
        public static final int DIMS = 1;
        public static final int DATA_TYPE = 2;
        public static final int NAME = 8;
        public static final int RAW_DATA = 9;
        // Read only:
        public static final int SEGMENT = 3;
        public static final int FLOAT_DATA = 4;
        public static final int INT32_DATA = 5;
        public static final int STRING_DATA = 6;
        public static final int INT64_DATA = 7;
        public static final int DOUBLE_DATA = 10;
        public static final int UINT64_DATA = 11;
        public static final int DOC_STRING = 12;
        public static final int EXTERNAL_DATA = 13;
        public static final int DATA_LOCATION = 14;
        /** TensorProto.DataLocation: the data lies in a file named by external_data. */
        public static final int DATA_LOCATION_EXTERNAL = 1;

        private Tensor() {
        }
    }

    public static final class ValueInfo {
        public static final int NAME = 1;
        public static final int TYPE = 2;
        // Read only:
        public static final int DOC_STRING = 3;

        private ValueInfo() {
        }
    }

    /** TypeProto and its nested TypeProto.Tensor. */
    public static final class Type {
        public static final int TENSOR_TYPE = 1;
        public static final int TENSOR_ELEM_TYPE = 1;
        public static final int TENSOR_SHAPE = 2;
        // Read only (TypeProto's other cases; sparse_tensor_type has the Tensor case's fields):
        public static final int SEQUENCE_TYPE = 4;
        public static final int MAP_TYPE = 5;
        public static final int DENOTATION = 6;
        public static final int SPARSE_TENSOR_TYPE = 8;
        public static final int OPTIONAL_TYPE = 9;

        private Type() {
        }
    }

    /** TensorShapeProto and its nested Dimension. */
    public static final class Shape {
        public static final int DIM = 1;
        public static final int DIM_VALUE = 1;
        public static final int DIM_PARAM = 2;
        // Read only:
        public static final int DIM_DENOTATION = 3;

        private Shape() {
        }
    }

    /** SparseTensorProto; read only. */
    public static final class SparseTensor {
        public static final int VALUES = 1;
        public static final int INDICES = 2;
        public static final int DIMS = 3;

        private SparseTensor() {
        }
    }

    /** The external_data keys of a TensorProto whose data lies in another file. */
    public static final class ExternalData {
        public static final String LOCATION = "location";
        public static final String OFFSET = "offset";
        public static final String LENGTH = "length";

        private ExternalData() {
        }
    }
}
