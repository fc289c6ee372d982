using System.Runtime.InteropServices;

namespace CircuitSpec.Runtime;

/// <summary>libtorch's c10 library, whose exported flags steer its allocator and its log.</summary>
internal static class LibC10
{
    /// <summary>The loaded libc10 that exports <paramref name="symbol"/>, or null where none does.</summary>
    // libc10 is loaded by then (libtorch depends on it); the bare name finds the loaded copy, the runtimes folder a copied one.
    public static nint? WithExport(string symbol)
    {
        var name = OperatingSystem.IsWindows() ? "c10.dll" : OperatingSystem.IsMacOS() ? "libc10.dylib" : "libc10.so";
        foreach (var candidate in new[] { name, Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", name) })
            if (NativeLibrary.TryLoad(candidate, out var library) && NativeLibrary.TryGetExport(library, symbol, out _))
                return library;
        return null;
    }
}
