using System.Globalization;
using System.Text.RegularExpressions;
using CircuitSpec.Errors;
using CircuitSpec.Models.Transformers;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Networks;
using CircuitSpec.Pictures;
using CircuitSpec.Reporting;

namespace CircuitSpec.Cli.Commands;

/// <summary><c>inspect</c> and <c>probe</c> for the zoo's transformers: hook points, and a head's attention as pictures.</summary>
internal static partial class TransformerCommands
{
    private static readonly string[] Sample = ["When Mary and John went to the store, John gave a drink to Mary."];

    public static int Inspect(string name)
    {
        Common.LoadMath();
        using var model = ModelZoo.Transformer(name);
        var batch = model.Tokenize(Sample);
        var hooks = model.Graph.Aliases.Keys.Order(StringComparer.Ordinal).OrderBy(HookOrder).ToList();
        using var cache = model.RunWithCache(batch, new ForwardPlan { Captures = hooks });
        Console.WriteLine($"model     {model.Name} ({model.Package} {SentenceTransformer.Version})");
        Console.WriteLine($"weights   {model.Graph.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"shape     {model.Blocks} blocks × {model.Heads} heads; inputs {string.Join(", ", model.Graph.InputNames)}; pooling {model.Pooling}");
        Console.WriteLine($"sample    \"{Sample[0]}\" = {batch.Length} tokens");
        Console.WriteLine($"points    {hooks.Count} hook points (TransformerLens names; shapes on the sample)");
        Console.WriteLine();
        var width = hooks.Max(h => h.Length);
        foreach (var hook in hooks)
            Console.WriteLine($"{hook.PadRight(width)}  [{string.Join(", ", cache[hook].shape)}]  = {model.Graph.Resolve(hook)}");
        return 0;
    }

    // embed, then block by block (attention before MLP), then ln_final.
    private static (int, int, string) HookOrder(string hook)
    {
        if (hook == "embed") return (-1, 0, hook);
        if (hook == "ln_final") return (int.MaxValue, 0, hook);
        var match = BlockPattern().Match(hook);
        if (!match.Success) return (int.MaxValue - 1, 0, hook);
        string[] order = ["hook_resid_pre", "attn.hook_q", "attn.hook_k", "attn.hook_v", "attn.hook_attn_scores", "attn.hook_pattern", "attn.hook_z",
            "hook_attn_out", "hook_resid_mid", "hook_normalized_resid_mid", "mlp.hook_pre", "mlp.hook_post", "hook_mlp_out", "hook_resid_post", "hook_normalized_resid_post"];
        return (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), Array.IndexOf(order, match.Groups[2].Value), hook);
    }

    [GeneratedRegex(@"^blocks\.(\d+)\.(.+)$")]
    private static partial Regex BlockPattern();

    [GeneratedRegex(@"^blocks\.(\d+)\.attn:(\d+)$")]
    private static partial Regex HeadAddress();

    public static int ProbeHead(string name, string address, string? output)
    {
        Common.LoadMath();
        using var model = ModelZoo.Transformer(name);
        var match = HeadAddress().Match(address);
        if (!match.Success)
            throw new CircuitSpecException($"'{address}' is not a head of '{name}': write blocks.L.attn:H (L in 0..{model.Blocks - 1}, H in 0..{model.Heads - 1}).");
        var head = model.Head(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        var folder = Path.GetFullPath(output ?? Path.Combine("artifacts", "probe", $"{FileNames.Safe(name)}-{FileNames.Safe(address)}"));
        var pictures = new List<ReportPicture>();
        void Save(Picture picture, string file, string caption) => pictures.Add(new ReportPicture(picture.SavePng(Path.Combine(folder, file)), caption, null));

        var names = new[] { "mary", "john", "alice", "bob" };
        var sentences = TextStimuli.Template(model.Tokenizer, "When {A} and {B} went to the store, {B} gave a drink to {A}.",
            new Dictionary<string, IReadOnlyList<string>> { ["A"] = names, ["B"] = names });
        var repeated = TextStimuli.RepeatedRandomTokens(model.Tokenizer, length: 12, count: 8, seed: 0);
        var onSentences = AttentionProfile.Measure(head, sentences.Batch(model.Tokenizer));
        var onRepeats = AttentionProfile.Measure(head, repeated.Batch(model.Tokenizer));

        foreach (var (stimuli, file) in new[] { (sentences, "offsets-sentences.png"), (repeated, "offsets-repeats.png") })
            Save(AttentionPictures.ByOffset(head, stimuli.Batch(model.Tokenizer), stimuli.Name), file, $"mean attention by relative position on {stimuli.Name}");
        var special = new List<(string, double)> { ("[CLS]", onSentences.ToCls), ("[SEP]", onSentences.ToSep), ("itself", onSentences.ToSelf),
            ("previous", onSentences.ByOffset.GetValueOrDefault(-1)), ("next", onSentences.ByOffset.GetValueOrDefault(1)) };
        Save(Plots.Bars($"{head.Label}: where the attention goes", special, "key", "mean attention"), "special-tokens.png", "mean attention to special tokens and neighbours (sentences)");

        Save(AttentionPictures.Pattern(head, model.Tokenize(Sample)), "pattern.png", "attention pattern (query rows, key columns)");
        var notes = new List<string> { $"sentences: {onSentences}", $"repeated random tokens: {onRepeats}" };
        foreach (var note in notes) Console.WriteLine(note);
        Console.WriteLine($"page: {HtmlReport.WriteGallery(Path.Combine(folder, "index.html"), $"{head.Label} of {model.Name}", notes, pictures)}");
        return 0;
    }
}
