using CircuitSpec.Activations;
using CircuitSpec.Models.Files;
using CircuitSpec.Models.Graph;
using CircuitSpec.Models.Onnx.Proto;
using CircuitSpec.Runtime;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace CircuitSpec.Bench.Rows;

/// <summary>Rows 1 and 2: ResNet-18's forward pass against ONNX Runtime on the same file, and the cost of a cache of 4 points.</summary>
public static class ForwardRows
{
    /// <summary>ResNet-18 at 224×224: about 1.8 G multiply-adds per image, the usual "1.8 GFLOP" (He et al. 2016).</summary>
    public const double GigaOpsPerImage = 1.8;
    private const int Batch = 8;

    public static IEnumerable<BenchRow> Run(GraphNetwork model, Options options)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed: 1);
        var images = randn([Batch, 3, 224, 224], generator: generator).Times(50);
        using var sessionOptions = ReferenceOptions(options.Threads);
        using var session = new InferenceSession(WithSymbolicBatch(PackageFiles.ResNet18Onnx), sessionOptions);
        var input = new DenseTensor<float>(images.contiguous().data<float>().ToArray(), [Batch, 3, 224, 224]);
        var inputs = new[] { NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), input) };
        void Ours()
        {
            using var s = NewDisposeScope();
            model.Run(images);
        }
        var (ours, reference) = Timing.Interleaved(Ours, () => { using var r = session.Run(inputs); }, options.Repetitions, warmUp: 2);
        // A hook on every named point: nothing may be fused away, every value is materialized and handed to its hook.
        void Hooked()
        {
            using var s = NewDisposeScope();
            using var hooks = model.Hooks([.. model.PointNames.Select(p => (p, (Func<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor?>)(_ => null)))]);
            model.Run(images);
        }
        var (hooked, reference2) = Timing.Interleaved(Hooked, () => { using var r = session.Run(inputs); }, options.Repetitions, warmUp: 1);
        // The same graph without the probe machinery (no hooks): what the hooks cost.
        var (withHooks, bare) = Timing.Interleaved(Ours, () =>
        {
            using var s = NewDisposeScope();
            using var mode = inference_mode();
            model.forward(images);
        }, options.Repetitions);

        // The two must compute the same thing for the comparison to mean anything.
        using var results = session.Run(inputs);
        var expected = results.First().AsEnumerable<float>().ToArray();
        var actual = model.Run(images).flatten().data<float>().ToArray();
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max() / Math.Max(1e-12, expected.Max(Math.Abs));

        var ratio = ours / reference;
        yield return new BenchRow($"1. ResNet-18 forward, batch {Batch}, 224×224: CircuitSpec vs ONNX Runtime",
            $"{Timing.Seconds(ours)} vs {Timing.Seconds(reference)}; {GigaOpsPerImage * Batch / ours:F1} vs {GigaOpsPerImage * Batch / reference:F1} GFLOP/s " +
            $"(floor: {GigaOpsPerImage} GFLOP per image); {model.FusedPairs} convolution + batch-norm pairs fused; the bare graph without hook points " +
            $"{Timing.Seconds(bare)} vs {Timing.Seconds(withHooks)} with them; outputs agree to {worst:E1} of their largest value",
            ratio, "≤ 1.00×", ratio <= 1.00)
        {
            Numbers = { ["circuitspec_s"] = ours, ["onnxruntime_s"] = reference, ["circuitspec_gflops"] = GigaOpsPerImage * Batch / ours,
                        ["onnxruntime_gflops"] = GigaOpsPerImage * Batch / reference, ["relative_difference"] = worst, ["bare_graph_s"] = bare },
        };
        var hookedRatio = hooked / reference2;
        yield return new BenchRow($"1b. The same with a hook on every one of its {model.PointNames.Count} points (nothing fused) vs ONNX Runtime",
            $"{Timing.Seconds(hooked)} vs {Timing.Seconds(reference2)}", hookedRatio, "≤ 1.15×", hookedRatio <= 1.15)
        {
            Numbers = { ["hooked_s"] = hooked, ["onnxruntime_s"] = reference2 },
        };

        string[] points = ["layer1", "layer2", "layer3", model.PointNames[^1]];
        var (cached, plain) = Timing.Interleaved(() =>
        {
            using var s = NewDisposeScope();
            using var cache = model.RunWithCache(images, points);
        }, Ours, options.Repetitions);
        var cacheRatio = cached / plain;
        yield return new BenchRow($"2. Forward with a cache of 4 points ({string.Join(", ", points)}) vs plain forward",
            $"{Timing.Seconds(cached)} vs {Timing.Seconds(plain)}", cacheRatio, "≤ 1.10×", cacheRatio <= 1.10)
        {
            Numbers = { ["cached_s"] = cached, ["plain_s"] = plain },
        };
    }

    /// <summary>ONNX Runtime as every row runs it: the same intra-op threads as CircuitSpec, one inter-op thread, all graph optimizations.</summary>
    internal static SessionOptions ReferenceOptions(int threads)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // ONNX Runtime's threads spin for a while after each run by default, which would steal the cores from the
        // CircuitSpec run timed next to it; they sleep instead, as torch's do.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    // The package's ResNet18.onnx declares a batch of exactly 1, which ONNX Runtime enforces; declare it symbolic (and
    // drop the per-value shape hints, which also say 1) so that it takes a batch of 8 like CircuitSpec does.
    private static byte[] WithSymbolicBatch(string path)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        foreach (var value in model.Graph.Input.Concat(model.Graph.Output))
            value.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
        model.Graph.ValueInfo.Clear();
        return model.ToByteArray();
    }
}
