using CircuitSpec.Errors;
using CircuitSpec.Models.Onnx.Proto;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Operators;

/// <summary>ONNX element types (TensorProto.DataType) as torch scalar types: for weights read from a file and for Cast.</summary>
public static class ElementTypes
{
    /// <summary>The torch element type of an ONNX TensorProto.DataType; unknown types are a typed error.</summary>
    public static ScalarType ScalarTypeOf(int dataType, string file, string where) => (TensorProto.Types.DataType)dataType switch
    {
        TensorProto.Types.DataType.Float => ScalarType.Float32,
        TensorProto.Types.DataType.Double => ScalarType.Float64,
        TensorProto.Types.DataType.Float16 => ScalarType.Float16,
        TensorProto.Types.DataType.Bfloat16 => ScalarType.BFloat16,
        TensorProto.Types.DataType.Int64 => ScalarType.Int64,
        TensorProto.Types.DataType.Int32 => ScalarType.Int32,
        TensorProto.Types.DataType.Int16 => ScalarType.Int16,
        TensorProto.Types.DataType.Int8 => ScalarType.Int8,
        TensorProto.Types.DataType.Uint8 => ScalarType.Byte,
        TensorProto.Types.DataType.Bool => ScalarType.Bool,
        _ => throw new ModelLoadException(file, where,
            $"element type {(Enum.IsDefined(typeof(TensorProto.Types.DataType), dataType) ? ((TensorProto.Types.DataType)dataType).ToString() : dataType.ToString())} is not supported " +
            "(supported: float, double, float16, bfloat16, int64, int32, int16, int8, uint8, bool)"),
    };
}
