using System.Runtime.InteropServices;
using CircuitSpec.Errors;

namespace CircuitSpec.Runtime;

/// <summary>
/// The least severity libtorch's own log prints. Errors only by default: wherever oneDNN does not take a float32
/// convolution, libtorch asks for NNPACK and logs "Could not initialize NNPACK! Reason: Unsupported hardware" each time
/// (10,635 lines in one run of <c>circuitspec check</c>). <c>TORCH_CPP_LOG_LEVEL=INFO|WARNING|ERROR|FATAL</c>, PyTorch's
/// name for it, which libtorch alone does not read, chooses another.
/// </summary>
public static class NativeLog
{
    public const string Variable = "TORCH_CPP_LOG_LEVEL";

    private const string LevelFlag = "FLAGS_caffe2_log_level";

    internal static void Apply()
    {
        var level = Environment.GetEnvironmentVariable(Variable)?.Trim().ToUpperInvariant() switch
        {
            null or "" or "ERROR" or "2" => 2,
            "INFO" or "0" => 0,
            "WARNING" or "1" => 1,
            "FATAL" or "3" => 3,
            var other => throw new CircuitSpecException($"{Variable}='{other}' is not a log level; use INFO, WARNING, ERROR or FATAL."),
        };
        if (LibTorch.WithExport("c10", LevelFlag) is { } library) Marshal.WriteInt32(NativeLibrary.GetExport(library, LevelFlag), level);
    }

    /// <summary>The least severity libtorch's log prints now (0 INFO, 1 WARNING, 2 ERROR, 3 FATAL), or null where its flag cannot be found.</summary>
    public static int? Level => LibTorch.WithExport("c10", LevelFlag) is { } library ? Marshal.ReadInt32(NativeLibrary.GetExport(library, LevelFlag)) : null;
}
