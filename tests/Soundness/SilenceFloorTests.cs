using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Stimuli;
using CircuitSpec.Tests.Support;
using Xunit.Sdk;

namespace CircuitSpec.Tests.Soundness;

/// <summary>
/// Rounding residue is not a response: a unit that is zero in exact arithmetic but answers with float32 residue
/// (1e-7 of its layer's scale) is silent — never tuned, never preferring, never counted — and the evidence says so.
/// </summary>
public sealed class SilenceFloorTests(ITestOutputHelper output)
{
    private static readonly StimulusSet Edges = Synthetic.Edges(Synthetic.Angles(15));

    [Fact]
    public void The_planted_unit_answers_with_rounding_residue_only()
    {
        using var model = PlantedModels.SilentByCancellation();
        var residue = model.Responses(Edges, model.Unit("mix:0"));
        var real = model.Responses(Edges, model.Unit("mix:1"));
        output.WriteLine($"residue peak {residue.Values.Max(Math.Abs):G3}, real peak {real.Values.Max(Math.Abs):G3}, floor {residue.Floor:G3}");
        residue.Values.Should().Contain(v => v != 0, "float32 leaves a residue, so the old 'bitwise constant' rule saw a response");
        residue.Values.Max(Math.Abs).Should().BeLessThan(1e-5f * real.Values.Max(Math.Abs));
        residue.Silent.Should().BeTrue();
        real.Silent.Should().BeFalse();
    }

    [Fact]
    public void A_silent_unit_is_never_tuned_even_to_the_orientation_its_residue_peaks_at()
    {
        using var model = PlantedModels.SilentByCancellation();
        var silent = model.Unit("mix:0");
        var residuePeak = TuningCurve.OverOrientation(model.Responses(Edges, silent)).Preferred;
        var act = () => silent.Should().BeTunedTo(Edges, "orientation", residuePeak, tolerance: 10, period: 360);
        act.Should().Throw<XunitException>().WithMessage("*inconclusive*silent*float rounding*");
        model.Unit("mix:1").Should().BeTunedTo(Edges, "orientation", 270, tolerance: 10, period: 360, because: "the real unit beside it is tuned");
    }

    [Fact]
    public void A_silent_unit_is_not_counted_as_tuned_and_does_not_prefer_or_respond()
    {
        using var model = PlantedModels.SilentByCancellation();
        model.Layer("mix").Should().ContainTunedUnits(1, Edges, "orientation", maxHalfWidth: 240, period: 360);
        var two = () => model.Layer("mix").Should().ContainTunedUnits(2, Edges, "orientation", maxHalfWidth: 240, period: 360);
        two.Should().Throw<XunitException>().WithMessage("*1 are (1 never respond*");

        var silent = model.Unit("mix:0");
        var prefers = () => silent.Should().PreferOver(Synthetic.Edges([0, 15, 345, 30, 330, 45]), Synthetic.Edges([180, 165, 195, 150, 210, 135]), minRatio: 1, controls: 0);
        prefers.Should().Throw<XunitException>().WithMessage("*inconclusive*silent*");
        var responds = () => silent.Should().RespondTo(Edges, atLeast: -1);
        responds.Should().Throw<XunitException>().WithMessage("*inconclusive*silent*");
    }
}
