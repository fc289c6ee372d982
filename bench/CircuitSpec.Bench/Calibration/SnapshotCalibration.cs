using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CircuitSpec.Activations;
using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Models.Graph;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Pictures;
using CircuitSpec.Runtime;
using CircuitSpec.Snapshots;
using CircuitSpec.Stimuli;
using CircuitSpec.Visualization;
using static TorchSharp.torch;

namespace CircuitSpec.Bench.Calibration;

/// <summary>One comparison: a verified picture against a fresh rendering, and whether the feature was the same.</summary>
internal sealed record CalibrationCase(string Unit, string Kind, bool SameFeature, string Verified, string Fresh, VisualizationMeaning Meaning);

/// <summary>
/// <c>CircuitSpec.Bench calibrate-snapshots</c>: where the semantic snapshot check's thresholds come from. For each of
/// <see cref="CalibrationUnit.All"/> it renders the specs' portrait recipe under two seeds in reproducible mode and, in
/// a child process, under two seeds with the math libraries on other code paths (a simulated other machine). Same
/// feature: every ordered pair of those four renderings must match. Changed feature: the unit's picture against fresh
/// renderings of three other units of its layer (its most-correlated neighbour and two random ones), and against the
/// unit in the model with its incoming kernel shuffled and turned, must not. Writes every number and the rates of
/// the chosen tolerance to artifacts/calibration/.
/// </summary>
internal static class SnapshotCalibration
{
    /// <summary>The specs' portrait recipe (specs/Support/Portraits.cs), which the thresholds are calibrated for.</summary>
    private static VisualizationOptions Recipe(int seed) => new() { Size = 128, Steps = 192, Seed = seed };

    private const int DisplaySize = 256;

    /// <summary>The "other machine": native mode with ATen, oneDNN and oneMKL on older code paths.</summary>
    public static readonly IReadOnlyDictionary<string, string> OtherMachine = new Dictionary<string, string>
    {
        [MathLibrary.ModeVariable] = "native",
        ["ATEN_CPU_CAPABILITY"] = "default",
        ["ONEDNN_MAX_CPU_ISA"] = "SSE41",
        ["MKL_CBWR"] = "COMPATIBLE",
    };

    public static int Run(string[] args, string root)
    {
        var output = Path.Combine(root, "artifacts", "calibration");
        var only = args.SkipWhile(a => a != "--models").Skip(1).FirstOrDefault()?.Split(',');
        var units = CalibrationUnit.All.Where(u => only is null || only.Contains(u.Model)).ToList();
        if (args.Contains("--render-other"))
        {
            MathLibrary.Use(MathMode.Native);
            RenderAll(units, Path.Combine(output, "other"), log: "other machine", onlyMissing: args.Contains("--reuse"));
            return 0;
        }

        MathLibrary.Use(MathMode.Reproducible);
        var watch = Stopwatch.StartNew();
        Console.Error.WriteLine($"calibration: {units.Count} units; math {MathLibrary.Describe()}");
        // --reuse: measure again from the renderings saved by an earlier run (after a change to the measure, not the recipe).
        var reuse = args.Contains("--reuse");
        RunOtherMachine(args, output);
        var cases = new List<CalibrationCase>();
        foreach (var group in units.GroupBy(u => u.Model))
        {
            using var model = ModelZoo.Load(group.Key);
            foreach (var unit in group) cases.AddRange(Measure(model, unit, output, reuse, watch));
        }
        Write(cases, output, watch.Elapsed);
        return 0;
    }

    private static void RunOtherMachine(string[] args, string output)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        start.ArgumentList.Add(typeof(SnapshotCalibration).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--render-other");
        foreach (var (name, value) in OtherMachine) start.Environment[name] = value;
        using var child = Process.Start(start)!;
        child.WaitForExit();
        if (child.ExitCode != 0) throw new InvalidOperationException($"the other-machine renderer exited with {child.ExitCode}");
    }

    private static void RenderAll(IReadOnlyList<CalibrationUnit> units, string folder, string log, bool onlyMissing)
    {
        string File(CalibrationUnit unit, int seed) => Path.Combine(folder, $"{unit.Key}_s{seed}.png");
        foreach (var group in units.Where(u => !onlyMissing || !System.IO.File.Exists(File(u, 0)) || !System.IO.File.Exists(File(u, 1))).GroupBy(u => u.Model))
        {
            using var model = ModelZoo.Load(group.Key);
            foreach (var unit in group)
                foreach (var seed in new[] { 0, 1 })
                {
                    Render(model, unit.Layer, unit.Channel, seed).SavePng(File(unit, seed));
                    Console.Error.WriteLine($"{log}: rendered {unit.Label} seed {seed}");
                }
        }
    }

    private static Picture Render(GraphNetwork model, string layer, long channel, int seed) =>
        model.Visualize(Objective.Channel(layer, channel), Recipe(seed)).Picture.Resized(DisplaySize, DisplaySize);

    private static IEnumerable<CalibrationCase> Measure(GraphNetwork model, CalibrationUnit unit, string output, bool reuse, Stopwatch watch)
    {
        var here = Path.Combine(output, "reproducible");
        Picture RenderOrLoad(string file, long channel, int seed)
        {
            var path = Path.Combine(here, file);
            if (reuse && File.Exists(path)) return Picture.Load(path);
            var picture = Render(model, unit.Layer, channel, seed);
            picture.SavePng(path);
            return picture;
        }

        var objective = Objective.Channel(unit.Layer, unit.Channel);
        var renderings = new Dictionary<string, Picture>();
        foreach (var seed in new[] { 0, 1 })
        {
            renderings[$"reproducible seed {seed}"] = RenderOrLoad($"{unit.Key}_s{seed}.png", unit.Channel, seed);
            renderings[$"other machine seed {seed}"] = Picture.Load(Path.Combine(output, "other", $"{unit.Key}_s{seed}.png"));
        }
        var cases = new List<CalibrationCase>();
        foreach (var (verifiedName, verified) in renderings)
            foreach (var (freshName, fresh) in renderings)
                if (verifiedName != freshName)
                    cases.Add(new(unit.Label, "same feature", true, verifiedName, freshName,
                        VisualizationMeaning.Measure(model, objective, Recipe(0).Size, verified, fresh)));

        var reference = renderings["reproducible seed 0"];
        foreach (var (other, why) in OtherUnits(model, unit))
        {
            var fresh = RenderOrLoad($"{unit.Key}_other_{other}.png", other, seed: 0);
            cases.Add(new(unit.Label, $"other unit ({why})", false, "reproducible seed 0", $"{unit.Layer}:{other}",
                VisualizationMeaning.Measure(model, Objective.Channel(unit.Layer, other), Recipe(0).Size, reference, fresh)));
        }
        Picture perturbed;
        using (IncomingKernel.Perturb(model.Unit(unit.Layer, unit.Channel), seed: unit.Channel))
        {
            perturbed = RenderOrLoad($"{unit.Key}_perturbed.png", unit.Channel, seed: 0);
            cases.Add(new(unit.Label, "perturbed weights", false, "reproducible seed 0", "perturbed model",
                VisualizationMeaning.Measure(model, objective, Recipe(0).Size, reference, perturbed)));
        }
        // Whether the perturbation changed the feature at all: the intact unit's share on the perturbed model's picture.
        cases.Add(new(unit.Label, "perturbed picture on the intact model (diagnostic)", false, "perturbed model", "reproducible seed 0",
            VisualizationMeaning.Measure(model, objective, Recipe(0).Size, perturbed, reference)));
        Console.Error.WriteLine($"[{watch.Elapsed.TotalMinutes:F1} min] {unit.Label}: {cases.Count} cases");
        return cases;
    }

    /// <summary>The unit's most-correlated neighbour over a set of synthetic stimuli, and two random units of its layer.</summary>
    private static IEnumerable<(long Channel, string Why)> OtherUnits(GraphNetwork model, CalibrationUnit unit)
    {
        var stimuli = Synthetic.Curves(Synthetic.Angles(30), radii: [20, 50])
            .Concat(Synthetic.Lines(Synthetic.Angles(30, 180)))
            .Concat(Synthetic.Gratings(Synthetic.Angles(45, 180), [6, 16]))
            .Concat(Synthetic.Circles([15, 40, 80]));
        long neighbour;
        using (var scope = NewDisposeScope())
        {
            using var cache = model.RunWithCache(stimuli.Render(model.Input), unit.Layer);
            var a = cache[unit.Layer];
            var responses = (a.dim() > 2 ? a.flatten(2).mean([2]) : a).to(float64);
            var centred = responses - responses.mean([0], keepdim: true);
            var norms = centred.norm(0).AtLeast(1e-12);
            var correlation = (centred * centred[.., unit.Channel].unsqueeze(1)).sum(0) / (norms * norms[unit.Channel]);
            correlation[unit.Channel] = -2.0;
            neighbour = correlation.argmax().AsLong();
        }
        yield return (neighbour, "most correlated");
        var random = new Random(unit.Channel);
        var count = model.ChannelCount(unit.Layer);
        var drawn = new HashSet<long> { unit.Channel, neighbour };
        while (drawn.Count < 4)
        {
            var c = random.NextInt64(count);
            if (drawn.Add(c)) yield return (c, "random");
        }
    }

    private const string Diagnostic = "perturbed picture on the intact model (diagnostic)";

    private static void Write(IReadOnlyList<CalibrationCase> all, string output, TimeSpan elapsed)
    {
        AtomicFile.WriteText(Path.Combine(output, "cases.json"), JsonSerializer.Serialize(all,
            new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        var tolerance = SemanticTolerance.Default;
        // A unit the recipe never drives (every rendering scores ≤ 0) has no feature to compare: listed, not calibrated.
        var dead = all.Where(c => c.SameFeature).GroupBy(c => c.Unit).Where(g => g.All(c => c.Meaning.ReferenceScore <= 0)).Select(g => g.Key).ToHashSet();
        var cases = all.Where(c => !dead.Contains(c.Unit) && c.Kind != Diagnostic).ToList();
        // A perturbation that left the feature in place: the intact unit still reaches q of its optimum on the perturbed model's picture.
        var unchanged = all.Where(c => c.Kind == Diagnostic && !dead.Contains(c.Unit) && c.Meaning.ScoreShare >= tolerance.MinScoreShare).Select(c => c.Unit).ToHashSet();
        var same = cases.Where(c => c.SameFeature).ToList();
        var changed = cases.Where(c => !c.SameFeature).ToList();
        var reallyChanged = changed.Where(c => !(c.Kind == "perturbed weights" && unchanged.Contains(c.Unit))).ToList();
        string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
        string Rate(int k, int n) => $"{k} of {n} ({100.0 * k / n:F1} %)";
        var text = new StringBuilder();
        text.AppendLine($"# Snapshot calibration\n\n{cases.Select(c => c.Unit).Distinct().Count()} live units " +
            $"({string.Join(", ", all.Select(c => c.Unit).Distinct().GroupBy(u => u.Split(' ')[0]).Select(g => $"{g.Count(u => !dead.Contains(u))} {g.Key}"))}), " +
                        $"{same.Count} same-feature and {changed.Count} changed-feature comparisons; {DateTime.UtcNow:yyyy-MM-dd} UTC. " +
                        $"Defaults: score share ≥ {F(tolerance.MinScoreShare)}, rank ≤ {tolerance.MaxRank}, profile correlation " +
                            $"{(tolerance.MinProfileCorrelation is { } r ? $"≥ {F(r)}" : "not judged")}.\n");
        text.AppendLine($"- true pass (same feature matches): {Rate(same.Count(c => tolerance.Accepts(c.Meaning)), same.Count)}");
        text.AppendLine($"- true fail (changed feature fails): {Rate(changed.Count(c => !tolerance.Accepts(c.Meaning)), changed.Count)}; " +
                        $"leaving out perturbations that left the feature in place: {Rate(reallyChanged.Count(c => !tolerance.Accepts(c.Meaning)), reallyChanged.Count)}");
        foreach (var kind in changed.Select(c => c.Kind).Distinct())
            text.AppendLine($"  - {kind}: {Rate(changed.Count(c => c.Kind == kind && !tolerance.Accepts(c.Meaning)), changed.Count(c => c.Kind == kind))} fail");
        if (unchanged.Count > 0)
            text.AppendLine($"- perturbations that left the feature in place (the intact unit reaches ≥ {F(tolerance.MinScoreShare)} of its optimum on the perturbed model's picture): " +
                $"{string.Join(", ", unchanged)}");
        if (dead.Count > 0)
            text.AppendLine($"- dead at this recipe (no rendering drives them above 0; a snapshot of them fails as \"never driven\"): {string.Join(", ", dead)}");
        text.AppendLine("\n| measure | same feature: worst, 1st percentile, median | changed feature: median, 99th percentile, worst |\n|---|---|---|");
        void Row(string name, Func<VisualizationMeaning, double> measure, bool higherIsBetter)
        {
            var s = same.Select(c => measure(c.Meaning)).Where(double.IsFinite).Order().ToList();
            var d = reallyChanged.Select(c => measure(c.Meaning)).Where(double.IsFinite).Order().ToList();
            if (!higherIsBetter) { s.Reverse(); d.Reverse(); }
            text.AppendLine($"| {name} | {F(s.First())}, {F(Statistics.Quantile(s, 0.01))}, {F(Statistics.Quantile(s, 0.5))} | " +
                            $"{F(Statistics.Quantile(d, 0.5))}, {F(Statistics.Quantile(d, 0.99))}, {F(d.Last())} |");
        }
        Row("score share", m => m.ScoreShare, higherIsBetter: true);
        Row("rank in the layer", m => m.Rank ?? double.NaN, higherIsBetter: false);
        Row("profile correlation", m => m.ProfileCorrelation, higherIsBetter: true);
        text.AppendLine("\n| unit | kind | verified | fresh | share | rank | correlation | verdict |\n|---|---|---|---|---:|---:|---:|---|");
        foreach (var c in all)
            text.AppendLine($"| {c.Unit} | {c.Kind} | {c.Verified} | {c.Fresh} | {F(c.Meaning.ScoreShare)} | {c.Meaning.Rank} | {F(c.Meaning.ProfileCorrelation)} | " +
                            (c.Kind == Diagnostic ? "" : $"{(tolerance.Accepts(c.Meaning) ? "match" : "differs")}" +
                                $"{(tolerance.Accepts(c.Meaning) == c.SameFeature || dead.Contains(c.Unit) ? "" : " **(wrong)**")}") + " |");
        AtomicFile.WriteText(Path.Combine(output, "snapshot-calibration.md"), text.ToString());
        Console.WriteLine(text.ToString().Split("\n| unit |")[0]);
    }
}
