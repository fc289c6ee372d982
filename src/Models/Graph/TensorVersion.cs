using System.Runtime.InteropServices;
using CircuitSpec.Runtime;
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
        // Itanium C++ names (Linux, macOS); Windows' libtorch exports other names, so there every fold is remade per pass.
        const string version = "_ZNK2at10TensorBase8_versionEv", inference = "_ZN2at6native12is_inferenceERKNS_6TensorE";
        return LibTorch.WithExport("torch_cpu", version) is { } library && NativeLibrary.TryGetExport(library, inference, out var isInference)
            ? (Marshal.GetDelegateForFunctionPointer<VersionOf>(NativeLibrary.GetExport(library, version)), Marshal.GetDelegateForFunctionPointer<IsInference>(isInference))
            : null;
    }
}
