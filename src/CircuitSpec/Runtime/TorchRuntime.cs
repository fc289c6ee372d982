using CircuitSpec.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace CircuitSpec.Runtime;

/// <summary>Loading TorchSharp's native runtime, choosing a device, and pinning threads and seeds.</summary>
public static class TorchRuntime
{
    private static readonly Lazy<Exception?> LoadFailure = new(TryLoad);

    /// <summary>Whether libtorch has been loaded through <see cref="EnsureLoaded"/> in this process.</summary>
    public static bool HasLoaded => LoadFailure.IsValueCreated;

    /// <summary>Makes sure libtorch loads, and explains the usual reason when it does not.</summary>
    public static void EnsureLoaded()
    {
        if (LoadFailure.Value is { } failure)
            throw new CircuitSpecException(
                "TorchSharp's native runtime (libLibTorchSharp.so / libtorch) failed to load. On Debian 12 the usual cause is " +
                "a libstdc++ without GLIBCXX_3.4.32 (GCC 13's); run `bash ci/setup.sh`, which installs it from Debian 13. " +
                $"Original error: {Innermost(failure).Message}", failure);
    }

    /// <summary>Parses "cpu", "cuda" or "cuda:N" and checks that the device exists here.</summary>
    public static Device ParseDevice(string spec)
    {
        EnsureLoaded();
        var text = spec.Trim().ToLowerInvariant();
        if (text == "cpu") return CPU;
        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new CircuitSpecException(
                    $"Device '{spec}' was asked for, but CUDA is not available: this build uses the TorchSharp-cpu package or no GPU " +
                    "is present. Swap TorchSharp-cpu for TorchSharp-cuda-linux in Directory.Packages.props on a machine with a GPU (see README).");
            var index = text == "cuda" ? 0 : int.Parse(text[5..], System.Globalization.CultureInfo.InvariantCulture);
            if (index >= cuda.device_count())
                throw new CircuitSpecException($"Device '{spec}' does not exist: this machine has {cuda.device_count()} CUDA device(s).");
            return new Device(DeviceType.CUDA, index);
        }
        throw new CircuitSpecException($"Unknown device '{spec}'. Use 'cpu', 'cuda' or 'cuda:N'.");
    }

    /// <summary>Pins the intra-op thread count and seeds torch's generator, so that runs repeat bit for bit.</summary>
    public static void MakeDeterministic(int threads, long seed)
    {
        EnsureLoaded();
        if (threads > 0) set_num_threads(threads);
        manual_seed(seed);
    }

    private static Exception? TryLoad()
    {
        try
        {
            using var probe = zeros(1);
        }
        catch (Exception e)
        {
            return e;
        }
        AllocationFilling.Apply();
        NativeLog.Apply();
        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
