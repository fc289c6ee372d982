using CircuitSpec.Models.Transformers;

namespace CircuitSpec.Tests.Transformers;

/// <summary>Text stimuli carry their parameters and tokenize as claims expect.</summary>
public sealed class TextStimulusTests
{
    [Fact]
    public void Repeated_random_tokens_repeat_their_first_half_and_are_fixed_by_the_seed()
    {
        using var model = SentenceTransformer.MiniLM();
        var set = TextStimuli.RepeatedRandomTokens(model.Tokenizer, length: 10, count: 4, seed: 3);
        set.Items.Should().HaveCount(4);
        foreach (var item in set.Items)
        {
            item.Ids.Should().HaveCount(22);
            item.Ids.Skip(1).Take(10).Should().Equal(item.Ids.Skip(11).Take(10), "the second half repeats the first");
            item.Parameters["tokens"].Split(' ').Should().HaveCount(10);
        }
        set.Items.Select(i => i.Parameters["tokens"]).Distinct().Should().HaveCount(4, "each sequence is drawn anew");
        TextStimuli.RepeatedRandomTokens(model.Tokenizer, 10, 4, seed: 3).Items.Select(i => i.Parameters["tokens"])
            .Should().Equal(set.Items.Select(i => i.Parameters["tokens"]), "the seed fixes the draws");
        var batch = set.Batch(model.Tokenizer);
        batch.Tokens[0][0].Should().Be("[CLS]");
        batch.Tokens[0][^1].Should().Be("[SEP]");
    }

    [Fact]
    public void A_template_fills_its_slots_with_distinct_values_and_records_them()
    {
        using var model = SentenceTransformer.MiniLM();
        var names = new[] { "mary", "john", "alice" };
        var set = TextStimuli.Template(model.Tokenizer, "When {A} and {B} went to the store, {B} gave a drink to {A}.",
            new Dictionary<string, IReadOnlyList<string>> { ["A"] = names, ["B"] = names });
        set.Items.Should().HaveCount(6, "three names in two distinct slots");
        set.Items.Should().OnlyContain(i => i.Parameters["A"] != i.Parameters["B"]);
        var first = set.Batch(model.Tokenizer).Tokens[0];
        first.Count(t => t == set.Items[0].Parameters["A"]).Should().Be(2, "A appears twice");
        var missing = () => TextStimuli.Template(model.Tokenizer, "{A} met {C}", new Dictionary<string, IReadOnlyList<string>> { ["A"] = names });
        missing.Should().Throw<Errors.CircuitSpecException>().WithMessage("*C*no values*");
    }

    [Fact]
    public void Sentence_pairs_are_split_by_sep_with_the_second_sentences_token_type()
    {
        using var model = SentenceTransformer.MiniLM();
        var batch = TextStimuli.SentencePairs(model.Tokenizer, [("The cat sat.", "It was tired.")]).Batch(model.Tokenizer);
        batch.Tokens[0].Should().Equal("[CLS]", "the", "cat", "sat", ".", "[SEP]", "it", "was", "tired", ".", "[SEP]");
        batch.Types[0].Should().Equal(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1);
    }
}
