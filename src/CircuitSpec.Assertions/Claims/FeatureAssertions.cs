using CircuitSpec.Features;
using CircuitSpec.Stimuli;
using CircuitSpec.Weights;
using FluentAssertions;
using FluentAssertions.Primitives;

namespace CircuitSpec.Claims;

/// <summary>
/// Claims about any feature — a unit or a direction — and its response to stimuli: <c>BeTunedTo</c>, <c>PreferOver</c>,
/// <c>HaveNoEcho</c>, <c>RespondTo</c>, property-based <c>RespondAbove</c> / <c>StayAtMost</c>; and its weights:
/// <c>BeExcitedBy</c>, <c>BeInhibitedBy</c>, <c>HaveAmongStrongestInputs</c>, <c>ReceiveWeightFrom(…).At(…)</c>. Each
/// verb evaluates its claim record (<see cref="ClaimRecord"/>); the constraint carries the verdict.
/// </summary>
public abstract class FeatureAssertions<TFeature, TAssertions>(TFeature subject) : ReferenceTypeAssertions<TFeature, TAssertions>(subject)
    where TFeature : Feature
    where TAssertions : FeatureAssertions<TFeature, TAssertions>
{
    /// <summary>The feature's tuning curve over <paramref name="parameter"/> peaks within <paramref name="tolerance"/> of <paramref name="value"/>.</summary>
    public AndWhichConstraint<TAssertions, Verdict> BeTunedTo(StimulusSet stimuli, string parameter, double value, double tolerance, double period = 0,
        string because = "", params object[] becauseArgs) =>
        Reach(new TunedTo(Subject, stimuli, parameter, value, tolerance, period), because, becauseArgs);

    /// <summary>
    /// The feature responds at least <paramref name="minRatio"/> times as strongly to <paramref name="preferred"/> as to
    /// <paramref name="other"/>, the difference's interval excludes zero, and random units of its layer are reported beside it.
    /// </summary>
    public AndWhichConstraint<TAssertions, Verdict> PreferOver(StimulusSet preferred, StimulusSet other, double minRatio = 2, int controls = 8, int seed = 0,
        string because = "", params object[] becauseArgs) =>
        Reach(new Prefers(Subject, preferred, other, minRatio, controls, seed), because, becauseArgs);

    /// <summary>Half a turn from its preferred orientation the feature's response stays below <paramref name="maxRatio"/> of its peak.</summary>
    public AndWhichConstraint<TAssertions, Verdict> HaveNoEcho(StimulusSet oriented, double maxRatio = 0.5, string because = "", params object[] becauseArgs) =>
        Reach(new Echo(Subject, oriented, Present: false, maxRatio), because, becauseArgs);

    /// <summary>Half a turn from its preferred orientation the feature responds at least <paramref name="minRatio"/> of its peak.</summary>
    public AndWhichConstraint<TAssertions, Verdict> HaveEcho(StimulusSet oriented, double minRatio = 0.5, string because = "", params object[] becauseArgs) =>
        Reach(new Echo(Subject, oriented, Present: true, minRatio), because, becauseArgs);

    /// <summary>
    /// The feature's mean response to the stimuli is at least <paramref name="atLeast"/>. A constant or silent response
    /// never holds (it is no response to these stimuli: inconclusive), but one below the threshold fails: whatever the
    /// unit does, it does not answer these stimuli with that much.
    /// </summary>
    public AndWhichConstraint<TAssertions, Verdict> RespondTo(StimulusSet stimuli, double atLeast, string because = "", params object[] becauseArgs) =>
        Reach(new RespondsTo(Subject, stimuli, atLeast), because, becauseArgs);

    /// <summary>No stimulus drives the feature above <paramref name="above"/> (a silent unit satisfies this; NaN is inconclusive).</summary>
    public AndWhichConstraint<TAssertions, Verdict> NotRespondTo(StimulusSet stimuli, double above, string because = "", params object[] becauseArgs) =>
        Reach(new NotDrivenAbove(Subject, stimuli, above), because, becauseArgs);

    // ---- property-based probing ----

    /// <summary>
    /// Every stimulus of the region drives the feature above <paramref name="threshold"/> (FsCheck draws
    /// <paramref name="tests"/> of them; a failure is shrunk toward the region's centre, saved as a PNG, and reported
    /// with FsCheck's replay seed, which <paramref name="replay"/> accepts).
    /// </summary>
    public AndWhichConstraint<TAssertions, Verdict> RespondAbove(double threshold, StimulusSpace forEvery, int tests = 100, (ulong Seed, ulong Gamma)? replay = null,
        string because = "", params object[] becauseArgs) =>
        Reach(new RespondsAcross(Subject, forEvery, threshold, Above: true, tests, replay), because, becauseArgs);

    /// <summary>No stimulus of the region drives the feature above <paramref name="threshold"/> (see <see cref="RespondAbove"/>).</summary>
    public AndWhichConstraint<TAssertions, Verdict> StayAtMost(double threshold, StimulusSpace forEvery, int tests = 100, (ulong Seed, ulong Gamma)? replay = null,
        string because = "", params object[] becauseArgs) =>
        Reach(new RespondsAcross(Subject, forEvery, threshold, Above: false, tests, replay), because, becauseArgs);

    // ---- weights (a direction's are the same combination of its units' input weights as its reading) ----

    /// <summary>Every source's net weight into this feature is positive (above <paramref name="minWeight"/>).</summary>
    public AndWhichConstraint<TAssertions, Verdict> BeExcitedBy(IEnumerable<Unit> sources, double minWeight = 0, string because = "", params object[] becauseArgs) =>
        Reach(new ExcitedBy(Subject, [.. sources], +1, minWeight), because, becauseArgs);

    /// <summary>Every source's net weight into this feature is negative (below −<paramref name="minWeight"/>).</summary>
    public AndWhichConstraint<TAssertions, Verdict> BeInhibitedBy(IEnumerable<Unit> sources, double minWeight = 0, string because = "", params object[] becauseArgs) =>
        Reach(new ExcitedBy(Subject, [.. sources], -1, minWeight), because, becauseArgs);

    /// <summary>Claims about where in its kernel this feature receives weight from <paramref name="source"/>.</summary>
    public KernelAssertions<TAssertions> ReceiveWeightFrom(Unit source) => new(Reach, Subject, source);

    /// <summary>The expected units are among the <paramref name="top"/> strongest inputs from their layer.</summary>
    public AndWhichConstraint<TAssertions, Verdict> HaveAmongStrongestInputs(IEnumerable<Unit> expected, int top = 10, WeightMeasure by = WeightMeasure.Positive,
        bool expanded = false, string because = "", params object[] becauseArgs) =>
        Reach(new AmongStrongestInputs(Subject, [.. expected], top, by, expanded), because, becauseArgs);

    internal AndWhichConstraint<TAssertions, Verdict> Reach(ClaimRecord claim, string because, object[] becauseArgs) =>
        Conclusion.Reach((TAssertions)this, claim, because, becauseArgs);
}
