using CircuitSpec.Weights;
using FluentAssertions;

namespace CircuitSpec.Claims;

/// <summary>Claims about the kernel from one source unit: <c>unit.Should().ReceiveWeightFrom(source).At(KernelRegion.Top)</c>.</summary>
public sealed class KernelAssertions<TAssertions>
{
    private readonly Func<Verdict, string, object[], AndWhichConstraint<TAssertions, Verdict>> _reach;

    internal KernelAssertions(Func<Verdict, string, object[], AndWhichConstraint<TAssertions, Verdict>> reach, KernelSlice kernel)
    {
        _reach = reach;
        Kernel = kernel;
    }

    public KernelSlice Kernel { get; }

    /// <summary>At least <paramref name="minShare"/> of the positive weight lies in the region.</summary>
    public AndWhichConstraint<TAssertions, Verdict> At(KernelRegion region, double minShare = 0.5, string because = "", params object[] becauseArgs)
    {
        var claim = $"{Kernel.Target} to receive positive weight from {Kernel.Source} at the {region.ToString().ToLowerInvariant()} of its kernel (≥ {minShare:P0})";
        ClaimGuard.Number(claim, "minShare", minShare);
        ClaimGuard.NotVacuous(claim, minShare <= 0, "every region holds at least 0 % of the positive weight");
        ClaimGuard.Possible(claim, minShare > 1, "no region holds more than all of the positive weight");
        var share = Kernel.PositiveShare(region);
        return _reach(Verdict.Decide(claim,
            share >= minShare, $"{share:P0} of it lies there (angle of the positive weight: {Kernel.PositiveAngle:F0}°)",
            [KernelText.Describe(Kernel), Kernel.ToString().TrimEnd()],
            KernelText.NonFinite([Kernel]) ?? (Kernel.PositiveSum == 0 ? "the kernel has no positive weight" : null)), because, becauseArgs);
    }
}
