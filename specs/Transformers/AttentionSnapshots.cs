using System.Runtime.CompilerServices;
using CircuitSpec.Models.Transformers;
using CircuitSpec.Snapshots;

namespace CircuitSpec.Specs.Transformers;

/// <summary>
/// A head's two pictures, reviewed as snapshots in pull requests: its attention pattern on the first text of a named
/// set, and its mean attention by relative position over the whole set.
/// </summary>
public static class AttentionSnapshots
{
    public static async Task Match(AttentionHead head, string texts, [CallerFilePath] string sourceFile = "", [CallerMemberName] string method = "")
    {
        var model = head.Model;
        var set = TextSets.Named(texts, model);
        var first = set with { Items = [set.Items[0]] };
        var picture = AttentionPictures.Pattern(head, first.Batch(model.Tokenizer), size: 440);
        await picture.Should().MatchSnapshot(name: $"{model.Name}_{head.Layer}_{head.Index}", sourceFile: sourceFile, method: method);
        var offsets = AttentionPictures.ByOffset(head, set.Batch(model.Tokenizer), texts);
        await offsets.Should().MatchSnapshot(name: $"{model.Name}_{head.Layer}_{head.Index}_offsets", sourceFile: sourceFile, method: method);
    }
}
