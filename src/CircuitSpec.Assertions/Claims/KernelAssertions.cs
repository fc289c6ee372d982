using CircuitSpec.Features;
using CircuitSpec.Weights;
using FluentAssertions;

namespace CircuitSpec.Claims;

/// <summary>Claims about the kernel from one source unit: <c>unit.Should().ReceiveWeightFrom(source).At(KernelRegion.Top)</c>.</summary>
public sealed class KernelAssertions<TAssertions>
{
    private readonly Func<ClaimRecord, string, object[], AndWhichConstraint<TAssertions, Verdict>> _reach;
    private readonly Feature _target;
    private readonly Unit _source;
    private readonly Lazy<KernelSlice> _kernel;

    internal KernelAssertions(Func<ClaimRecord, string, object[], AndWhichConstraint<TAssertions, Verdict>> reach, Feature target, Unit source)
    {
        _reach = reach;
        _target = target;
        _source = source;
        _kernel = new Lazy<KernelSlice>(() => source.EffectiveWeightsTo(target));
    }

    /// <summary>The source's effective weights into the target (read when first asked for).</summary>
    public KernelSlice Kernel => _kernel.Value;

    /// <summary>At least <paramref name="minShare"/> of the positive weight lies in the region.</summary>
    public AndWhichConstraint<TAssertions, Verdict> At(KernelRegion region, double minShare = 0.5, string because = "", params object[] becauseArgs) =>
        _reach(new WeightAt(_target, _source, region, minShare), because, becauseArgs);
}
