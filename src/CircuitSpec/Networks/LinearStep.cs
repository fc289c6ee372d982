using static TorchSharp.torch;

namespace CircuitSpec.Networks;

/// <summary>
/// How a model computed one activation point, in the terms weight reading needs: which earlier value it read and
/// through which linear (or channel-preserving) operation. Models describe this per point through
/// <see cref="Network.StepInto"/>; tensors in a step belong to the model or to the caller's dispose scope.
/// </summary>
public abstract record LinearStep;

/// <summary>A convolution (or a fully connected layer as a 1×1 one): weight [out, in/groups, kh, kw].</summary>
public sealed record ConvolutionStep(string Input, Tensor Weight, long Groups) : LinearStep;

/// <summary>A per-channel affine map y = scale·x + shift: inference-mode batch normalization, folded.</summary>
public sealed record ChannelAffineStep(string Input, Tensor Scale, Tensor Shift) : LinearStep;

/// <summary>Channel-wise concatenation (Inception blocks): inputs in order with their channel counts.</summary>
public sealed record ConcatStep(IReadOnlyList<string> Inputs, IReadOnlyList<long> Channels) : LinearStep;

/// <summary>
/// An operation that keeps channel c a function of input channel c alone: ReLU and other pointwise non-linearities,
/// pooling, local response normalization, dropout, identity. Weights are read through it unchanged.
/// </summary>
public sealed record PassThroughStep(string Input, string Operator) : LinearStep;

/// <summary>A sum of several values (a residual connection).</summary>
public sealed record SumStep(IReadOnlyList<string> Inputs) : LinearStep;
