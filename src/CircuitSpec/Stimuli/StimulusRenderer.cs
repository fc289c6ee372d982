using static TorchSharp.torch;

namespace CircuitSpec.Stimuli;

/// <summary>
/// Renders stimuli in batches: all stimuli of one kind are drawn by a handful of tensor operations with their
/// parameters stacked along the batch axis, then composited over their backgrounds.
/// </summary>
internal static class StimulusRenderer
{
    public static Tensor Render(IReadOnlyList<Stimulus> stimuli, int size, Device device)
    {
        using var scope = NewDisposeScope();
        var grid = new Grid(size, device);
        var output = empty(stimuli.Count, 3, size, size, device: device);
        foreach (var group in stimuli.Select((s, i) => (Stimulus: s, Index: i)).GroupBy(p => p.Stimulus.GetType()))
        {
            var members = group.ToList();
            Tensor Column(string name) =>
                tensor(members.Select(m => (float)m.Stimulus[name]).ToArray(), device: device).view(-1, 1, 1);
            var coverage = members[0].Stimulus.Coverage(grid, Column).expand(members.Count, size, size).unsqueeze(1);
            var foreground = Colours(members.Select(m => m.Stimulus.Foreground), device);
            var background = Colours(members.Select(m => m.Stimulus.Background), device);
            var backdrop = background.expand(members.Count, 3, size, size);
            if (members.Any(m => m.Stimulus.Noise != 0)) backdrop = backdrop + Noise(members.Select(m => m.Stimulus), size, device);
            var images = (backdrop * (1 - coverage) + foreground * coverage).clamp(0, 1);
            output.index_copy_(0, tensor(members.Select(m => (long)m.Index).ToArray(), device: device), images);
        }
        return output.MoveToOuterDisposeScope();
    }

    private static Tensor Colours(IEnumerable<Rgb> colours, Device device) =>
        tensor(colours.SelectMany(c => new[] { c.R, c.G, c.B }).ToArray(), device: device).view(-1, 3, 1, 1);

    // Uniform noise in [−amplitude/2, amplitude/2], the same for every colour channel, seeded per stimulus.
    private static Tensor Noise(IEnumerable<Stimulus> stimuli, int size, Device device) =>
        stack(stimuli.Select(s => s.Noise == 0
            ? zeros(1, size, size, device: device)
            : (rand([1, size, size], generator: new Generator((ulong)s.Seed)).to(device) - 0.5) * s.Noise).ToArray()).expand(-1, 3, -1, -1);
}
