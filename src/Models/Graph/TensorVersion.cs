using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Graph;

/// <summary>
/// libtorch's version counter of a tensor, which every in-place operation on it or on a view of it raises (also under
/// no_grad). TorchSharp does not expose it, so it is read through libtorch_cpu's exported <c>at::TensorBase::_version</c>.
/// Null where that export is not found or the tensor is an inference tensor (which keeps no counter): a caller then
/// cannot tell whether the tensor changed and must assume it did.
/// </summary>
internal static class TensorVersion
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate long VersionOf(nint tensor);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate byte IsInference(nint tensor);

    private static readonly (VersionOf Version, IsInference Inference)? Exports = Find();

    // A TorchSharp handle points to an at::Tensor, which is an at::TensorBase; both functions take it as their only argument.
    public static long? Of(Tensor tensor) =>
        Exports is var (version, inference) && inference(tensor.Handle) == 0 ? version(tensor.Handle) : null;

    private static (VersionOf, IsInference)? Find()
    {
        // Itanium C++ names (Linux, macOS); on Windows the names differ, and every fold is remade per pass.
        if (OperatingSystem.IsWindows()) return null;
        const string version = "_ZNK2at10TensorBase8_versionEv", inference = "_ZN2at6native12is_inferenceERKNS_6TensorE";
        var name = OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so";
        // libtorch is loaded by then (a tensor exists); the bare name finds the loaded copy, the runtimes folder a copied one.
        foreach (var candidate in new[] { name, Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", name) })
            if (NativeLibrary.TryLoad(candidate, out var library)
                && NativeLibrary.TryGetExport(library, version, out var versionOf) && NativeLibrary.TryGetExport(library, inference, out var isInference))
                return (Marshal.GetDelegateForFunctionPointer<VersionOf>(versionOf), Marshal.GetDelegateForFunctionPointer<IsInference>(isInference));
        return null;
    }
}
