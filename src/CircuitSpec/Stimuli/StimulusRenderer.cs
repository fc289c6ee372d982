using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Stimuli;

/// <summary>
/// Renders stimuli in batches: all stimuli of one kind are drawn by a handful of tensor operations with their
/// parameters stacked along the batch axis, then composited over their backgrounds.
/// </summary>
internal static class StimulusRenderer
{
    private const int Chunk = 8;

    public static Tensor Render(IReadOnlyList<Stimulus> stimuli, int size, Device device)
    {
        using var scope = NewDisposeScope();
        var grid = new Grid(size, device);
        var output = empty(stimuli.Count, 3, size, size, device: device);
        // Small chunks keep every intermediate in the processor's cache: element-wise work on whole batches of
        // 224×224 images is bound by memory bandwidth.
        var chunks = stimuli.Select((s, i) => (Stimulus: s, Index: i)).GroupBy(p => p.Stimulus.GetType()).SelectMany(g => g.Chunk(Chunk));
        foreach (var members in chunks)
        {
            using var chunkScope = NewDisposeScope();
            Tensor Column(string name) =>
                tensor(members.Select(m => (float)m.Stimulus[name]).ToArray(), device: device).view(-1, 1, 1);
            var coverage = members[0].Stimulus.Coverage(grid, Column).expand(members.Length, size, size).unsqueeze(1);
            var foreground = Colours(members.Select(m => m.Stimulus.Foreground), device);
            var background = Colours(members.Select(m => m.Stimulus.Background), device);
            // background + (foreground − background) · coverage, in one fused pass; noise is added to the background only.
            var images = addcmul(background, foreground - background, coverage, HeldScalars.One);
            if (members.Any(m => m.Stimulus.Noise != 0))
                images = images.Plus(Noise(members.Select(m => m.Stimulus), size, device) * coverage.SubtractedFrom(1)).Clamped(0, 1);
            output.index_copy_(0, tensor(members.Select(m => (long)m.Index).ToArray(), device: device), images);
        }
        return output.MoveToOuterDisposeScope();
    }

    private static Tensor Colours(IEnumerable<Rgb> colours, Device device) =>
        tensor(colours.SelectMany(c => new[] { c.R, c.G, c.B }).ToArray(), device: device).view(-1, 3, 1, 1);

    // Uniform noise in [−amplitude/2, amplitude/2], the same for every colour channel, seeded per stimulus.
    private static Tensor Noise(IEnumerable<Stimulus> stimuli, int size, Device device) =>
        stack(stimuli.Select(s => s.Noise == 0 ? zeros(1, size, size, device: device) : Noise(s, size).to(device)).ToArray()).expand(-1, 3, -1, -1);

    private static Tensor Noise(Stimulus stimulus, int size)
    {
        using var generator = new Generator((ulong)stimulus.Seed);
        return rand([1, size, size], generator: generator).Minus(0.5).Times(stimulus.Noise);
    }
}
