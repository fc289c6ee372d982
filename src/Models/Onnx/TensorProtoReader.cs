using System.Runtime.InteropServices;
using CircuitSpec.Errors;
using CircuitSpec.Models.Onnx.Proto;
using CircuitSpec.Models.Operators;
using Google.Protobuf;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Onnx;

/// <summary>
/// Turns ONNX TensorProto messages (weights, constants, test data) into tensors, checking every size against the
/// bytes actually present before anything is allocated.
/// </summary>
public static class TensorProtoReader
{
    /// <summary>Reads a serialized TensorProto file (the ONNX test data format, e.g. <c>input_0.pb</c>).</summary>
    public static Tensor ReadFile(string path)
    {
        TensorProto proto;
        try
        {
            proto = TensorProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelLoadException(path, null, $"not a valid ONNX TensorProto: {e.Message}", e);
        }
        return ToTensor(proto, path);
    }

    internal static Tensor ToTensor(TensorProto proto, string file)
    {
        var where = string.IsNullOrEmpty(proto.Name) ? "(unnamed tensor)" : proto.Name;
        ModelLoadException Fail(string problem) => new(file, where, problem);

        if (proto.ExternalData.Count > 0 || proto.DataLocation == 1)
            throw Fail("the tensor's data is stored in an external file, which CircuitSpec does not read");
        if (proto.Segment is not null) throw Fail("segmented tensors are not supported");
        var dims = proto.Dims.ToArray();
        var count = 1.0;
        foreach (var d in dims)
        {
            if (d < 0) throw Fail($"negative dimension {d} in [{string.Join(", ", dims)}]");
            count *= d;
        }
        var type = ElementTypes.ScalarTypeOf(proto.DataType, file, where);
        var elementSize = ElementSize(type);
        if (count * elementSize > int.MaxValue)
            throw Fail($"dimensions [{string.Join(", ", dims)}] would need {count * elementSize:E2} bytes, more than any real weight tensor");
        var n = (int)count;

        if (!proto.RawData.IsEmpty)
        {
            if (proto.RawData.Length != (long)n * elementSize)
                throw Fail($"raw_data holds {proto.RawData.Length} bytes but dimensions [{string.Join(", ", dims)}] of {type} need {(long)n * elementSize}");
            return FromBytes(proto.RawData.Span, type, dims);
        }
        return type switch
        {
            ScalarType.Float32 => Typed(proto.FloatData.ToArray(), n, dims, Fail),
            ScalarType.Float64 => Typed(proto.DoubleData.ToArray(), n, dims, Fail),
            ScalarType.Int64 => Typed(proto.Int64Data.ToArray(), n, dims, Fail),
            ScalarType.Int32 => Typed(proto.Int32Data.ToArray(), n, dims, Fail),
            ScalarType.Int16 or ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool =>
                Typed(proto.Int32Data.ToArray(), n, dims, Fail).to(type),
            ScalarType.Float16 or ScalarType.BFloat16 =>
                FromBytes(MemoryMarshal.AsBytes(proto.Int32Data.Select(v => (ushort)v).ToArray().AsSpan()), type, dims),
            _ => throw Fail($"element type {type} without raw_data is not supported"),
        };
    }

    private static int ElementSize(ScalarType type) => type switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };

    private static Tensor FromBytes(ReadOnlySpan<byte> bytes, ScalarType type, long[] dims) => type switch
    {
        ScalarType.Float32 => tensor(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), dims),
        ScalarType.Float64 => tensor(MemoryMarshal.Cast<byte, double>(bytes).ToArray(), dims),
        ScalarType.Int64 => tensor(MemoryMarshal.Cast<byte, long>(bytes).ToArray(), dims),
        ScalarType.Int32 => tensor(MemoryMarshal.Cast<byte, int>(bytes).ToArray(), dims),
        ScalarType.Int16 => tensor(MemoryMarshal.Cast<byte, short>(bytes).ToArray(), dims),
        ScalarType.Int8 => tensor(MemoryMarshal.Cast<byte, sbyte>(bytes).ToArray(), dims),
        ScalarType.Bool => tensor(bytes.ToArray().Select(b => b != 0).ToArray(), dims),
        ScalarType.Float16 => tensor(MemoryMarshal.Cast<byte, Half>(bytes).ToArray().Select(h => (float)h).ToArray(), dims).to(type),
        ScalarType.BFloat16 => tensor(MemoryMarshal.Cast<byte, ushort>(bytes).ToArray()
            .Select(b => BitConverter.Int32BitsToSingle(b << 16)).ToArray(), dims).to(type),
        _ => tensor(bytes.ToArray(), dims),
    };

    private static Tensor Typed<T>(T[] values, int n, long[] dims, Func<string, ModelLoadException> fail) where T : unmanaged
    {
        if (values.Length != n) throw fail($"holds {values.Length} values but its dimensions [{string.Join(", ", dims)}] need {n}");
        return values switch
        {
            float[] f => tensor(f, dims),
            double[] d => tensor(d, dims),
            long[] l => tensor(l, dims),
            int[] i => tensor(i, dims),
            _ => throw fail($"unsupported storage {typeof(T).Name}"),
        };
    }
}
