using System.Globalization;
using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Models.Planted;
using CircuitSpec.Models.Transformers;
using CircuitSpec.Stimuli;
using CircuitSpec.Tests.Support;
using Xunit.Sdk;

namespace CircuitSpec.Tests.Claims;

/// <summary>
/// A claim is a value: the verdict carries its record and the typed measurements it was decided on, a variant made with
/// <c>with</c> is checked the same way, and the verdict's text is rendered once, when read, in invariant culture.
/// </summary>
public sealed class ClaimRecordTests
{
    private static readonly double[] Directions = [0, 45, 90, 135, 180, 225, 270, 315];
    private static StimulusSet Edges() => Synthetic.Edges(Synthetic.Angles(10));

    [Fact]
    public void A_verdict_carries_its_claim_record_and_the_tuning_curve_it_was_decided_on()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var verdict = model.Unit("edges_relu:4").Should().BeTunedTo(Edges(), "orientation", 90, tolerance: 15, period: 360).Which;

        var claim = verdict.Record.Should().BeOfType<TunedTo>().Which;
        claim.Subject.Should().Be(model.Unit("edges_relu:4"));
        claim.Value.Should().Be(90);
        var curve = verdict.Measured<TuningCurve>().Should().ContainSingle().Which;
        curve.Parameter.Should().Be("orientation");
        verdict.Finding.Should().StartWith($"it prefers {ClaimGuard.F(curve.Preferred)} ");
        Math.Abs(curve.Preferred - 90).Should().BeLessThanOrEqualTo(15);

        // The same claim moved by a quarter turn is a variant of the record, not a sentence written again.
        var moved = (claim with { Value = 180 }).Evaluate();
        moved.Outcome.Should().Be(Outcome.Fails);
        moved.Claim.Should().Be("edges_relu:4 to be tuned to orientation 180 ± 15");
        moved.Record.Should().Be(claim with { Value = 180 });
    }

    [Fact]
    public void A_verdict_renders_its_text_once_when_read_and_the_process_log_keeps_the_text_only()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var claim = new CountedSentence(model.Unit("edges_relu:4"));
        var verdict = claim.Evaluate();
        verdict.Outcome.Should().Be(Outcome.Holds);
        claim.Renders.Should().Be(0, "nobody has read the sentence yet");
        verdict.Claim.Should().Be("edges_relu:4 to be counted");
        var copy = verdict with { Test = "a copy" };
        copy.Claim.Should().Be(verdict.Claim);
        claim.Renders.Should().Be(1, "a verdict renders its sentence once, and copies share it");

        var reached = Conclusion.Reach(model.Unit("edges_relu:4").Should(), claim.Evaluate(), "", []).Which;
        reached.Record.Should().BeSameAs(claim);
        reached.Measurements.Should().ContainSingle();
        var logged = VerdictLog.All.Last(v => v.Test == TestContext.Current.Test!.TestDisplayName);
        logged.Claim.Should().Be("edges_relu:4 to be counted");
        logged.Record.Should().BeNull("the process-wide log keeps text, not the model the claim was about");
        logged.Measurements.Should().BeEmpty();
    }

    [Fact]
    public void A_verdict_stays_readable_after_its_model_is_disposed()
    {
        Verdict composed, tuned;
        using (var transformer = PlantedTransformer.Build())
            composed = new ComposesWith(transformer.Head(1, PlantedTransformer.Induction), transformer.Head(0, PlantedTransformer.PreviousToken), CompositionKind.K)
                .Evaluate();
        using (var model = PlantedModels.OrientedEdges(Directions))
            tuned = new TunedTo(model.Unit("edges_relu:4"), Edges(), "orientation", 90, 15, 360).Evaluate();

        // The text is rendered now, after the models are gone: it formats what was measured and measures nothing.
        composed.Evidence.Should().ContainSingle().Which.Should().MatchRegex(@"^Q \S+, K \S+, V \S+$");
        composed.Finding.Should().StartWith("the score was ");
        tuned.Evidence[0].Should().StartWith("tuning of edges_relu:4 over orientation");
    }

    [Fact]
    public void Verdicts_read_the_same_under_any_culture()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var act = () => model.Unit("edges_relu:4").Ablated().Should().ReduceResponseOf(model.Unit("edges_relu:2"), Edges(), byAtLeast: 0.25);
            var message = act.Should().Throw<XunitException>().Which.Message;
            // The evidence quotes the ablation effect's own description, which formats in the thread's culture when printed alone.
            message.Should().Contain("by at least 25 %").And.MatchRegex(@"changed by -?\d+\.\d %").And.Contain("changes edges_relu:2 by").And.NotMatchRegex(@"\d,\d");
            var tuned = model.Unit("edges_relu:4").Should().BeTunedTo(Edges(), "orientation", 90, tolerance: 15.5, period: 360).Which;
            tuned.Claim.Should().Be("edges_relu:4 to be tuned to orientation 90 ± 15.5");
            CultureInfo.CurrentCulture.Name.Should().Be("de-DE", "rendering puts the thread's culture back");
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    /// <summary>A claim that counts how often its sentence is rendered.</summary>
    private sealed record CountedSentence(Feature Subject) : ClaimRecord
    {
        private int _renders;

        public int Renders => _renders;

        public override string Sentence
        {
            get
            {
                Interlocked.Increment(ref _renders);
                return $"{Subject} to be counted";
            }
        }

        protected override void Guard()
        {
        }

        protected override Verdict Decide() => Verdict(true, () => "it was", () => [], null, Subject);
    }
}
