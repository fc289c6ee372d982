using System.Net;
using System.Text;
using CircuitSpec.Claims;
using CircuitSpec.Pictures;

namespace CircuitSpec.Reporting;

/// <summary>A picture shown in the report, with the spec that produced it.</summary>
public sealed record ReportPicture(string Path, string Caption, string? Test);

/// <summary>
/// The report of a run: one self-contained HTML page (pictures embedded, no network) with every spec — its sentence,
/// the verdicts of its claims with their evidence and negative controls, and its pictures — failures first.
/// </summary>
public static class HtmlReport
{
    private const string Outside = "(claims checked outside a spec)";

    /// <summary>Writes the report of everything recorded in this process (<see cref="VerdictLog"/> and <see cref="Snapshots.PictureLog"/>).</summary>
    public static string WriteRecorded(string path, string title = "CircuitSpec report") =>
        Write(path, VerdictLog.All, Snapshots.PictureLog.All.Select(p => new ReportPicture(p.Path, p.Caption, p.Test)).ToList(), title);

    public static string Write(string path, IReadOnlyList<Verdict> verdicts, IReadOnlyList<ReportPicture> pictures, string title = "CircuitSpec report")
    {
        var specs = verdicts.Select(v => v.Test ?? Outside).Concat(pictures.Select(p => p.Test ?? Outside)).Distinct()
            .Select(test => new Spec(test, verdicts.Where(v => (v.Test ?? Outside) == test).ToList(), pictures.Where(p => (p.Test ?? Outside) == test).ToList()))
            .OrderBy(s => s.Rank).ThenBy(s => s.Test, StringComparer.Ordinal).ToList();
        var html = new StringBuilder();
        var counts = Enum.GetValues<Outcome>().ToDictionary(o => o, o => verdicts.Count(v => v.Outcome == o));
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{E(title)}}</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em; max-width: 75em; color: #222; }
            .spec { border: 1px solid #ccc; border-radius: 6px; padding: 0.6em 1em; margin: 1em 0; }
            .spec.Fails { border-left: 6px solid #c62828; } .spec.Inconclusive { border-left: 6px solid #ef6c00; } .spec.Holds { border-left: 6px solid #2e7d32; }
            .badge { display: inline-block; min-width: 7em; font-weight: bold; }
            .Holds .badge, .badge.Holds { color: #2e7d32; } .badge.Fails { color: #c62828; } .badge.Inconclusive { color: #ef6c00; }
            .claim { margin: 0.5em 0; } ul.evidence { font-family: ui-monospace, monospace; font-size: 0.85em; color: #444; }
            figure { display: inline-block; margin: 0.5em; vertical-align: top; } figure img { max-width: 420px; border: 1px solid #ddd; }
            figcaption { font-size: 0.8em; color: #555; max-width: 420px; }
            </style></head>
            <body data-claims="{{verdicts.Count}}" data-specs="{{specs.Count}}">
            <h1>{{E(title)}}</h1>
            <p id="summary">{{verdicts.Count}} claims in {{specs.Count}} specs: <span class="badge Holds">{{counts[Outcome.Holds]}} hold</span>
            <span class="badge Fails">{{counts[Outcome.Fails]}} fail</span> <span class="badge Inconclusive">{{counts[Outcome.Inconclusive]}} inconclusive</span></p>

            """);
        foreach (var spec in specs)
        {
            html.Append($"<section class=\"spec {spec.Worst}\"><h2>{E(Sentence(spec.Test))}</h2><p class=\"test\"><code>{E(spec.Test)}</code></p>\n");
            foreach (var v in spec.Verdicts)
            {
                html.Append($"<div class=\"claim\" data-outcome=\"{v.Outcome}\"><span class=\"badge {v.Outcome}\">{v.Outcome.ToString().ToUpperInvariant()}</span> ");
                html.Append($"{E(v.Claim)} — {E(v.Finding)}<ul class=\"evidence\">");
                foreach (var line in v.Evidence) html.Append($"<li>{E(line)}</li>");
                html.Append("</ul>");
                foreach (var picture in v.Pictures) html.Append(Figure(picture, "counter-example"));
                html.Append("</div>\n");
            }
            foreach (var picture in spec.Pictures) html.Append(Figure(picture.Path, picture.Caption));
            html.Append("</section>\n");
        }
        html.Append("""
            <script>
            window.reportErrors = [];
            window.addEventListener('error', e => { window.reportErrors.push(String(e.message)); document.body.dataset.errors = window.reportErrors.join(' | '); }, true);
            window.addEventListener('load', () => {
              const broken = [...document.images].filter(i => !i.complete || i.naturalWidth === 0).length;
              document.body.dataset.brokenImages = String(broken);
              document.body.dataset.shownClaims = String(document.querySelectorAll('.claim').length);
              document.body.dataset.loaded = 'true';
            });
            </script>
            </body></html>
            """);
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
        return last.Replace('_', ' ');
    }

    private static string Figure(string path, string caption)
    {
        if (!File.Exists(path)) return $"<figure><figcaption>{E(caption)}: missing file {E(path)}</figcaption></figure>";
        var base64 = Convert.ToBase64String(File.ReadAllBytes(path));
        return $"<figure><img alt=\"{E(caption)}\" src=\"data:image/png;base64,{base64}\"><figcaption>{E(caption)} — {E(System.IO.Path.GetFileName(path))}</figcaption></figure>";
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private sealed record Spec(string Test, IReadOnlyList<Verdict> Verdicts, IReadOnlyList<ReportPicture> Pictures)
    {
        public Outcome Worst => Verdicts.Any(v => v.Outcome == Outcome.Fails) ? Outcome.Fails
            : Verdicts.Any(v => v.Outcome == Outcome.Inconclusive) ? Outcome.Inconclusive : Outcome.Holds;

        public int Rank => Worst switch { Outcome.Fails => 0, Outcome.Inconclusive => 1, _ => 2 };
    }
}
