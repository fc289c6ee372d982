using CircuitSpec.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CircuitSpec.Visualization;

/// <summary>
/// Adam (β 0.9 and 0.999, ε 1e-8, no weight decay) for one parameter, the same operations in the same order as
/// TorchSharp's <c>optim.Adam</c>, with every scalar held until its call returns. TorchSharp 0.107's optimizer passes
/// numbers converted on the fly, which its finalizer may free while libtorch still reads them: under parallel load a
/// visualization diverged to NaN within a few steps.
/// </summary>
internal sealed class HeldAdam(Tensor parameter, double learningRate) : IDisposable
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    private static readonly Scalar OneMinusBeta1 = (1 - Beta1).ToScalar(), OneMinusBeta2 = (1 - Beta2).ToScalar();
    private static readonly Scalar B1 = Beta1.ToScalar(), B2 = Beta2.ToScalar(), Eps = Epsilon.ToScalar();
    private readonly Tensor _average = zeros_like(parameter).DetachFromDisposeScope();
    private readonly Tensor _squares = zeros_like(parameter).DetachFromDisposeScope();
    private int _step;

    public void ZeroGrad() => parameter.grad?.zero_();

    public void Step()
    {
        using var scope = NewDisposeScope();
        using var noGradients = no_grad();
        var gradient = parameter.grad ?? throw new InvalidOperationException("The parameter has no gradient to step with.");
        _step++;
        var correction1 = 1 - Math.Pow(Beta1, _step);
        var correction2 = 1 - Math.Pow(Beta2, _step);
        _average.mul_(B1).add_(gradient, alpha: OneMinusBeta1);
        _squares.mul_(B2).addcmul_(gradient, gradient, value: OneMinusBeta2);
        var denominator = _squares.sqrt().DividedBy(Math.Sqrt(correction2)).add_(Eps, HeldScalars.One);
        using var stepSize = (-(learningRate / correction1)).ToScalar();
        parameter.addcdiv_(_average, denominator, value: stepSize);
    }

    public void Dispose()
    {
        _average.Dispose();
        _squares.Dispose();
    }
}
