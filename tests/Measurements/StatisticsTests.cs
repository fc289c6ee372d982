using CircuitSpec.Measurements;
using CircuitSpec.Stimuli;
using CircuitSpec.Tests.Support;

namespace CircuitSpec.Tests.Measurements;

/// <summary>The statistics against distributions whose truth is known.</summary>
public sealed class StatisticsTests(ITestOutputHelper output)
{
    private static double[] Normal(Random random, int n, double mean, double sd) =>
        Enumerable.Range(0, n).Select(_ => mean + sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())).ToArray();

    [Fact]
    public void A_95_percent_interval_covers_the_true_difference_in_at_least_93_of_100_simulations()
    {
        var covered = 0;
        for (var simulation = 0; simulation < 100; simulation++)
        {
            var random = new Random(1000 + simulation);
            var (a, b) = (Normal(random, 30, 1.0, 1.0), Normal(random, 30, 0.5, 1.5));
            if (Statistics.DifferenceInterval(a, b, seed: simulation).Contains(0.5)) covered++;
        }
        output.WriteLine($"covered the true difference in {covered} of 100");
        covered.Should().BeGreaterThanOrEqualTo(93);
    }

    [Fact]
    public void A_one_sample_interval_covers_the_true_mean_in_at_least_93_of_100_simulations()
    {
        var covered = Enumerable.Range(0, 100).Count(s => Statistics.MeanInterval(Normal(new Random(s), 20, -0.3, 0.8), seed: s).Contains(-0.3));
        output.WriteLine($"covered the true mean in {covered} of 100");
        covered.Should().BeGreaterThanOrEqualTo(93);
    }

    [Fact]
    public void Values_equal_but_for_float_rounding_do_not_throw_the_interval_far_outside_the_data()
    {
        // An ablation's per-stimulus changes on the planted logic circuit: two values repeat up to float32 rounding, so a
        // resample of only those has a standard error of 1e-7 and a studentized statistic of millions.
        float[] changes = [-0.5370211f, -0.5370211f, -0.43023586f, -0.5370211f, -0.5370211f, -0.4302349f, -0.53702086f, -0.5370211f];
        var interval = Statistics.MeanInterval(changes.Select(v => (double)v).ToList(), seed: 0);
        output.WriteLine($"{interval}");
        interval.High.Should().BeLessThan(0, "every change is below −0.43");
        interval.Low.Should().BeGreaterThan(-0.6);
    }

    [Fact]
    public void Intervals_and_effect_sizes_repeat_under_a_seed()
    {
        var random = new Random(5);
        var (a, b) = (Normal(random, 25, 2, 1), Normal(random, 25, 1, 1));
        Statistics.DifferenceInterval(a, b, seed: 9).Should().Be(Statistics.DifferenceInterval(a, b, seed: 9));
        Statistics.CohensD(a, b).Should().BeApproximately(1, 0.6);
        Statistics.CohensD([1, 2, 3], [1, 2, 3]).Should().Be(0);
        Statistics.Correlation([1, 2, 3], [2, 4, 6.5]).Should().BeApproximately(0.9979, 0.0001);
        double.IsNaN(Statistics.Correlation([1, 1, 1], [1, 2, 3])).Should().BeTrue();
    }

    [Fact]
    public void Universality_matching_recovers_a_planted_permutation_between_two_copies_of_a_model()
    {
        int[] permutation = [3, 7, 0, 9, 1, 11, 5, 2, 10, 4, 8, 6];
        using var a = PlantedModels.RandomConvolution(12, seed: 4);
        using var b = PlantedModels.RandomConvolution(12, seed: 4, permutation);
        var stimuli = Synthetic.Curves(Synthetic.Angles(30), [10, 25])
            .Concat(Synthetic.Gratings(Synthetic.Angles(45, 180), [4, 9]))
            .Concat(new StimulusSet(Enumerable.Range(0, 16).Select(i => new Blank { Noise = 0.8, Seed = i, Background = Rgb.Gray })));
        var matches = Universality.Match(a, "edges", b, "edges", stimuli, seed: 2);
        foreach (var m in matches) output.WriteLine(m.ToString());
        for (var unit = 0; unit < 12; unit++)
        {
            // B's unit j is A's unit permutation[j].
            matches[unit].Analogue!.Channel.Should().Be(Array.IndexOf(permutation, unit));
            matches[unit].Correlation.Should().BeApproximately(1, 1e-4);
            matches[unit].ShuffledCorrelation.Should().BeLessThan(0.8);
        }

        // After the ReLU some random units never fire at the centre: they get no analogue, and say why.
        var rectified = Universality.Match(a, "edges_relu", b, "edges_relu", stimuli, seed: 2);
        rectified.Where(m => m.Analogue is null).Should().NotBeEmpty()
            .And.OnlyContain(m => m.Inconclusive!.Contains("constant response"));
        rectified.Where(m => m.Analogue is not null).Should().OnlyContain(m => m.Analogue!.Channel == Array.IndexOf(permutation, (int)m.Feature.Channel));
    }
}
