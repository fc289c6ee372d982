using System.Runtime.InteropServices;

namespace CircuitSpec.Bench;

/// <summary>What the numbers were measured on.</summary>
public static class Machine
{
    public static string Describe(int threads)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0 / 1024.0
            : 0;
        return $"{cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} logical cores, {memory:F0} GiB, " +
               $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}, TorchSharp-cpu {typeof(TorchSharp.torch).Assembly.GetName().Version}, " +
               $"ONNX Runtime {typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version}; {threads} intra-op thread(s) for both runtimes";
    }
}
