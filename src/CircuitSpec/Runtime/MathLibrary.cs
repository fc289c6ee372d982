using System.Runtime.InteropServices;
using CircuitSpec.Errors;

namespace CircuitSpec.Runtime;

/// <summary>How libtorch's math libraries pick their code paths in this process.</summary>
public enum MathMode
{
    /// <summary>Each library takes the fastest path this CPU offers (AVX-512 where there is one): results differ in the last bits between CPUs.</summary>
    Native,

    /// <summary>
    /// Every library is held to its AVX2 path and the intra-op thread count is fixed, so that the same seed gives the
    /// same bytes on any x86-64 CPU with AVX2 (oneMKL's conditional numerical reproducibility, oneDNN's and ATen's ISA caps).
    /// </summary>
    Reproducible,
}

/// <summary>
/// Chooses <see cref="MathMode"/> for the process. The settings are environment variables that oneMKL, oneDNN and ATen
/// read once, when libtorch first runs, so the mode must be chosen before that (the specs' host and the CLI do it first
/// thing); <c>CIRCUITSPEC_MATH=native|reproducible</c> overrides the caller's choice.
/// </summary>
public static class MathLibrary
{
    public const string ModeVariable = "CIRCUITSPEC_MATH";

    /// <summary>The intra-op thread count of reproducible mode: reductions split across threads add in another order with another count.</summary>
    public const int ReproducibleThreads = 2;

    /// <summary>The environment of reproducible mode.</summary>
    public static IReadOnlyDictionary<string, string> ReproducibleSettings { get; } = new Dictionary<string, string>
    {
        ["MKL_CBWR"] = "AVX2",
        ["ONEDNN_MAX_CPU_ISA"] = "AVX2",
        ["ATEN_CPU_CAPABILITY"] = "avx2",
    };

    /// <summary>The variables that steer the math libraries' code paths (what a simulated "other machine" changes).</summary>
    public static IReadOnlyList<string> CodePathVariables { get; } = ["MKL_CBWR", "ONEDNN_MAX_CPU_ISA", "ATEN_CPU_CAPABILITY"];

    /// <summary>The mode chosen for this process (Native until <see cref="Use"/> runs).</summary>
    public static MathMode Mode { get; private set; } = MathMode.Native;

    /// <summary>
    /// Chooses the mode (unless <c>CIRCUITSPEC_MATH</c> says otherwise) before libtorch first runs, then loads libtorch.
    /// Throws when libtorch already ran in this process, since the libraries would ignore the settings.
    /// </summary>
    public static MathMode Use(MathMode mode)
    {
        mode = FromEnvironment() ?? mode;
        if (TorchRuntime.HasLoaded)
        {
            if (mode == Mode) return mode;
            throw new CircuitSpecException(
                $"The math mode must be chosen before libtorch first runs (it ran in {Mode} mode); call MathLibrary.Use({mode}) first thing, or set {ModeVariable}.");
        }
        if (mode == MathMode.Reproducible)
            foreach (var (name, value) in ReproducibleSettings)
                if (setenv(name, value, 1) != 0)
                    throw new CircuitSpecException($"Could not set {name}={value} for the math libraries (errno {Marshal.GetLastPInvokeError()}).");
        Mode = mode;
        TorchRuntime.EnsureLoaded();
        if (mode == MathMode.Reproducible) TorchSharp.torch.set_num_threads(ReproducibleThreads);
        return mode;
    }

    /// <summary>The code-path settings in force, for a report: "MKL_CBWR=AVX2 ONEDNN_MAX_CPU_ISA=AVX2 …" (unset ones as "(unset)").</summary>
    public static string Describe() =>
        $"{Mode}: " + string.Join(" ", CodePathVariables.Select(v => $"{v}={Marshal.PtrToStringUTF8(getenv(v)) ?? "(unset)"}"));

    private static MathMode? FromEnvironment() =>
        Environment.GetEnvironmentVariable(ModeVariable)?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            "native" => MathMode.Native,
            "reproducible" => MathMode.Reproducible,
            var other => throw new CircuitSpecException($"{ModeVariable}='{other}' is not a math mode; use 'native' or 'reproducible'."),
        };

    // .NET keeps its own copy of the environment on Unix; the native libraries read the C library's.
    [DllImport("libc", SetLastError = true)]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [DllImport("libc")]
    private static extern nint getenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);
}
