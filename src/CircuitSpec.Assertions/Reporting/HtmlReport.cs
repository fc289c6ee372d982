using System.Net;
using System.Text;
using CircuitSpec.Claims;
using CircuitSpec.Pictures;
using CircuitSpec.Snapshots;

namespace CircuitSpec.Reporting;

/// <summary>A picture shown in the report, with the spec that produced it.</summary>
public sealed record ReportPicture(string Path, string Caption, string? Test);

/// <summary>
/// The report of a run, as a review page: one self-contained HTML file (pictures embedded, no network). Its header
/// counts specs as the test run does (passed, failed, skipped) and claims by outcome, with claims that a spec checks
/// with any outcome accepted counted apart as "expected to fail". Every failing spec — a snapshot too — is red and
/// comes first; a snapshot that differs shows verified | received | diff side by side with what was measured and the
/// command that accepts it; tuning curves in the evidence are drawn as small plots.
/// </summary>
public static class HtmlReport
{
    private const string Outside = "(claims checked outside a spec)";

    /// <summary>
    /// Writes the report of everything recorded in this process (<see cref="VerdictLog"/>, <see cref="SnapshotLog"/>) with the
    /// specs' outcomes, and beside it the <see cref="RunRecord"/> that shards of a run are merged from.
    /// </summary>
    public static string WriteRecorded(string path, string title = "CircuitSpec report", IReadOnlyList<SpecResult>? specs = null)
    {
        var record = RunRecord.Recorded(title, specs ?? []);
        record.Save(RunRecord.PathBeside(path));
        return record.WriteReport(path);
    }

    /// <summary>Writes a report; <paramref name="math"/> describes the math libraries' mode of the run (by default, this process's).</summary>
    public static string Write(string path, IReadOnlyList<Verdict> verdicts, IReadOnlyList<ReportPicture> pictures, string title = "CircuitSpec report",
        IReadOnlyList<SnapshotCheck>? snapshots = null, IReadOnlyList<SpecResult>? specs = null, string? math = null)
    {
        snapshots ??= [];
        specs ??= [];
        var tests = specs.Select(s => s.Test).Concat(verdicts.Select(v => v.Test ?? Outside)).Concat(pictures.Select(p => p.Test ?? Outside))
            .Concat(snapshots.Select(s => s.Test ?? Outside)).Distinct().ToList();
        var sections = tests.Select(test => new Section(test, specs.FirstOrDefault(s => s.Test == test),
                verdicts.Where(v => (v.Test ?? Outside) == test).ToList(), pictures.Where(p => (p.Test ?? Outside) == test).ToList(),
                snapshots.Where(s => (s.Test ?? Outside) == test).ToList()))
            .OrderBy(s => s.Rank).ThenBy(s => s.Test, StringComparer.Ordinal).ToList();

        var html = new StringBuilder();
        html.Append(Head(title));
        html.Append(Summary(sections, verdicts, snapshots, specs.Count > 0, math ?? Runtime.MathLibrary.Describe()));
        foreach (var section in sections) html.Append(SectionHtml(section));
        html.Append(Script);
        var full = System.IO.Path.GetFullPath(path);
        AtomicFile.WriteText(full, html.ToString());
        return full;
    }

    /// <summary>A page of pictures with a few lines of findings above them (the CLI's probe page).</summary>
    public static string WriteGallery(string path, string title, IReadOnlyList<string> findings, IReadOnlyList<ReportPicture> pictures)
    {
        var html = new StringBuilder($"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)}</title>" +
                                     "<style>body { font-family: system-ui, sans-serif; margin: 2em; } figure { display: inline-block; margin: 0.5em; vertical-align: top; }" +
                                     " figcaption { font-size: 0.85em; color: #555; }</style></head><body>\n");
        html.Append($"<h1>{E(title)}</h1>\n<ul>");
        foreach (var line in findings) html.Append($"<li>{E(line)}</li>");
        html.Append("</ul>\n");
        foreach (var picture in pictures) html.Append(Figure(picture.Path, picture.Caption));
        html.Append("\n</body></html>\n");
        var full = System.IO.Path.GetFullPath(path);
        AtomicFile.WriteText(full, html.ToString());
        return full;
    }

    /// <summary>"CircuitSpec.Specs.InceptionV1.CurveSpecs.Curve_detectors_tile_orientations" → "Curve detectors tile orientations".</summary>
    public static string Sentence(string test)
    {
        var name = test.Split('(')[0];
        var last = name.Contains('.') ? name[(name.LastIndexOf('.') + 1)..] : name;
        var arguments = test.Contains('(') ? " " + test[test.IndexOf('(')..] : "";
        return last.Replace('_', ' ') + arguments;
    }

    private static string Head(string title) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{{E(title)}}</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2em; max-width: 80em; color: #222; }
        .summary p { margin: 0.3em 0; } .summary .n { font-weight: bold; } .summary .badge { min-width: 0; }
        .spec { border: 1px solid #ccc; border-radius: 6px; padding: 0.6em 1em; margin: 1em 0; }
        .spec.failed { border-left: 8px solid #c62828; background: #fff5f5; } .spec.skipped { border-left: 8px solid #9e9e9e; }
        .spec.passed { border-left: 8px solid #2e7d32; }
        .spec h2 { font-size: 1.1em; margin: 0.2em 0; } .spec.failed h2 { color: #b71c1c; }
        .badge { display: inline-block; min-width: 7em; font-weight: bold; }
        .badge.Holds { color: #2e7d32; } .badge.Fails { color: #c62828; } .badge.Inconclusive { color: #ef6c00; } .badge.Expected { color: #616161; }
        .claim { margin: 0.5em 0; } ul.evidence { font-family: ui-monospace, monospace; font-size: 0.85em; color: #444; }
        ul.evidence li { white-space: pre-wrap; } pre.message { white-space: pre-wrap; font-size: 0.85em; background: #fbe9e7; padding: 0.5em; }
        figure { display: inline-block; margin: 0.5em; vertical-align: top; } figure img { max-width: 300px; border: 1px solid #ddd; image-rendering: pixelated; }
        figcaption { font-size: 0.8em; color: #555; max-width: 300px; }
        .snapshot.differs { border: 2px solid #c62828; border-radius: 4px; padding: 0.4em; margin: 0.5em 0; }
        .snapshot .findings { font-family: ui-monospace, monospace; font-size: 0.85em; }
        figure.series svg { background: #fafafa; border: 1px solid #e0e0e0; } figure.series text { font-size: 9px; fill: #555; }
        </style></head>
        <body>
        <h1>{{E(title)}}</h1>

        """;

    private static string Summary(IReadOnlyList<Section> sections, IReadOnlyList<Verdict> verdicts, IReadOnlyList<SnapshotCheck> snapshots, bool fromRunner,
        string math)
    {
        var passed = sections.Count(s => s.Status == SpecOutcome.Passed);
        var failed = sections.Count(s => s.Status == SpecOutcome.Failed);
        var skipped = sections.Count(s => s.Status == SpecOutcome.Skipped);
        var counted = verdicts.Where(v => v.Expectation is null || v.Outcome == Outcome.Holds).ToList();
        var (held, fails, inconclusive) = (counted.Count(v => v.Outcome == Outcome.Holds), counted.Count(v => v.Outcome == Outcome.Fails),
            counted.Count(v => v.Outcome == Outcome.Inconclusive));
        var expected = verdicts.Count - counted.Count;
        var (matched, differ, @new) = (snapshots.Count(s => s.Status == SnapshotStatus.Matched), snapshots.Count(s => s.Status == SnapshotStatus.Differs),
            snapshots.Count(s => s.Status == SnapshotStatus.New));
        var inferred = fromRunner ? "" : " (outcomes inferred from the claims)";
        var expectedBadge = expected > 0
            ? $", <span class=\"n badge Expected\">{expected} expected to fail</span> (checked only for reaching a verdict; not counted as failures)"
            : "";
        return $"""
            <div class="summary">
            <p id="specs" data-passed="{passed}" data-failed="{failed}" data-skipped="{skipped}">Specs{inferred}:
            <span class="n">{passed} passed</span>, <span class="n badge Fails">{failed} failed</span>, <span class="n">{skipped} skipped</span></p>
            <p id="claims" data-held="{held}" data-failed="{fails}" data-inconclusive="{inconclusive}" data-expected="{expected}">Claims:
            <span class="n badge Holds">{held} held</span>, <span class="n badge Fails">{fails} failed</span>,
            <span class="n badge Inconclusive">{inconclusive} inconclusive</span>{expectedBadge}</p>
            <p id="snapshots" data-matched="{matched}" data-differ="{differ}" data-new="{@new}">Snapshots: {matched} matched, {differ} differ, {@new} new</p>
            <p id="math">Math libraries: {E(math)}</p>
            </div>

            """;
    }

    private static string SectionHtml(Section section)
    {
        var status = section.Status.ToString().ToLowerInvariant();
        var html = new StringBuilder($"<section class=\"spec {status}\" data-outcome=\"{status}\"><h2>{E(Sentence(section.Test))}</h2><p class=\"test\"><code>{E(section.Test)}</code> — " +
            $"{status}</p>\n");
        if (section.Result?.Message is { Length: > 0 } message) html.Append($"<pre class=\"message\">{E(message)}</pre>\n");
        foreach (var snapshot in section.Snapshots.OrderBy(s => s.Matched)) html.Append(SnapshotHtml(snapshot));
        foreach (var v in section.Verdicts)
        {
            var expected = v.Expectation is not null && v.Outcome != Outcome.Holds;
            var badge = expected ? "Expected" : v.Outcome.ToString();
            var label = expected ? $"EXPECTED TO {(v.Outcome == Outcome.Fails ? "FAIL" : "BE INCONCLUSIVE")}" : v.Outcome.ToString().ToUpperInvariant();
            html.Append($"<div class=\"claim\" data-outcome=\"{v.Outcome}\"{(expected ? " data-expected=\"true\"" : "")}><span class=\"badge {badge}\">{label}</span> ");
            html.Append($"{E(v.Claim)} — {E(v.Finding)}");
            if (expected) html.Append($" <em>({E(v.Expectation!)})</em>");
            html.Append("<ul class=\"evidence\">");
            foreach (var line in v.Evidence) html.Append($"<li>{E(line)}</li>");
            html.Append("</ul>");
            foreach (var series in v.Series) html.Append(SeriesPlot.Svg(series));
            foreach (var picture in v.Pictures) html.Append(Figure(picture, "counter-example"));
            html.Append("</div>\n");
        }
        foreach (var picture in section.Pictures) html.Append(Figure(picture.Path, picture.Caption));
        html.Append("</section>\n");
        return html.ToString();
    }

    private static string SnapshotHtml(SnapshotCheck s)
    {
        var html = new StringBuilder($"<div class=\"snapshot {(s.Matched ? "matched" : "differs")}\" data-snapshot=\"{E(s.Name)}\">");
        if (s.Matched)
            html.Append(Figure(s.Verified, $"{s.Name} (matches its snapshot)"));
        else
        {
            html.Append($"<p><strong>Snapshot {E(s.Name)} {(s.Status == SnapshotStatus.New ? "is new" : "differs")}</strong>: review, then accept with <code>{E(s.AcceptCommand)}</code></p>");
            if (File.Exists(s.Verified)) html.Append(Figure(s.Verified, "verified"));
            if (s.Received is not null) html.Append(Figure(s.Received, "received"));
            if (s.Diff is not null && File.Exists(s.Diff)) html.Append(Figure(s.Diff, "diff (×4, dark = changed)"));
        }
        html.Append("<ul class=\"findings\">");
        foreach (var line in s.Findings) html.Append($"<li>{E(line)}</li>");
        html.Append("</ul></div>\n");
        return html.ToString();
    }

    private const string Script = """
        <script>
        window.reportErrors = [];
        window.addEventListener('error', e => { window.reportErrors.push(String(e.message)); document.body.dataset.errors = window.reportErrors.join(' | '); }, true);
        window.addEventListener('load', () => {
          const broken = [...document.images].filter(i => !i.complete || i.naturalWidth === 0).length;
          document.body.dataset.brokenImages = String(broken);
          document.body.dataset.shownClaims = String(document.querySelectorAll('.claim').length);
          const first = document.querySelector('section.spec');
          if (first) {
            document.body.dataset.firstSpec = first.dataset.outcome;
            document.body.dataset.firstSpecBorder = getComputedStyle(first).borderLeftColor;
            document.body.dataset.firstSpecImages = String(first.querySelectorAll('img').length);
          }
          document.body.dataset.loaded = 'true';
        });
        </script>
        </body></html>
        """;

    private static string Figure(string path, string caption)
    {
        if (!File.Exists(path)) return $"<figure><figcaption>{E(caption)}: missing file {E(path)}</figcaption></figure>";
        var base64 = Convert.ToBase64String(File.ReadAllBytes(path));
        return $"<figure><img alt=\"{E(caption)}\" src=\"data:image/png;base64,{base64}\"><figcaption>{E(caption)} — {E(System.IO.Path.GetFileName(path))}</figcaption></figure>";
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private sealed record Section(string Test, SpecResult? Result, IReadOnlyList<Verdict> Verdicts, IReadOnlyList<ReportPicture> Pictures, IReadOnlyList<SnapshotCheck> Snapshots)
    {
        /// <summary>The runner's outcome when known; otherwise failed if a claim failed unexpectedly or a snapshot did not match.</summary>
        public SpecOutcome Status => Result?.Outcome
            ?? (Verdicts.Any(v => v.Outcome != Outcome.Holds && v.Expectation is null) || Snapshots.Any(s => !s.Matched) ? SpecOutcome.Failed : SpecOutcome.Passed);

        public int Rank => Status switch { SpecOutcome.Failed => 0, SpecOutcome.Skipped => 2, _ => 1 };
    }
}
