using System.Runtime.InteropServices;

namespace CircuitSpec.Runtime;

/// <summary>libtorch's native libraries (c10, torch_cpu), for the exported flags and functions TorchSharp does not reach.</summary>
internal static class LibTorch
{
    /// <summary>
    /// The loaded libtorch library <paramref name="library"/> ("c10", "torch_cpu") that exports <paramref name="symbol"/>,
    /// or null where none does.
    /// </summary>
    // libtorch is loaded by then; the bare name finds the loaded copy, the runtimes folder a copied one.
    public static nint? WithExport(string library, string symbol)
    {
        var name = OperatingSystem.IsWindows() ? $"{library}.dll" : OperatingSystem.IsMacOS() ? $"lib{library}.dylib" : $"lib{library}.so";
        foreach (var candidate in new[] { name, Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", name) })
            if (NativeLibrary.TryLoad(candidate, out var loaded) && NativeLibrary.TryGetExport(loaded, symbol, out _))
                return loaded;
        return null;
    }
}
