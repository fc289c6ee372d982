using System.Text.Json.Nodes;
using CircuitSpec.Models.Files;
using CircuitSpec.Models.Onnx.Proto;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Support;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Reliability.Fuzzing;

/// <summary>
/// The seeded corpus of broken model files, made from the real ones: every ONNX conformance model, the first
/// <see cref="ResNetHeader"/> bytes of ResNet-18 (its 74 nodes lie there; the 63 MB of weights after them are left
/// alone) and the Tiny Darknet TF.js model. Case <c>k</c> of a mutation always comes from <c>new Random(seed)</c>, so a
/// failure names a case that can be rebuilt exactly.
/// </summary>
public static class FuzzCorpus
{
    public const int ResNetHeader = 16 * 1024;

    public static IEnumerable<FuzzCase> All(int perOnnxMutation = 17, int perResNetMutation = 4, int perTfJsMutation = 9) =>
        Conformance(perOnnxMutation).Concat(ResNet18(perResNetMutation)).Concat(TinyDarknet(perTfJsMutation));

    public static IReadOnlyList<FuzzSource> ConformanceSources()
    {
        var sources = new[] { "pytorch-converted", "pytorch-operator" }.SelectMany(ConformanceCase.All)
            .Select(c => new FuzzSource(c.ToString(), Path.Combine(c.Folder, "model.onnx"), () => c.Read("input")))
            .ToList();
        foreach (var model in Directory.GetFiles(SharedData.Require("onnx-conformance", "light"), "*.onnx").Order(StringComparer.Ordinal))
        {
            var shape = DeclaredInputShape(model);
            sources.Add(new FuzzSource($"light/{Path.GetFileNameWithoutExtension(model)}", model, () => [ConformanceCase.LightInput(shape)]));
        }
        return sources;
    }

    private static long[] DeclaredInputShape(string path)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var initializers = model.Graph.Initializer.Select(i => i.Name).ToHashSet();
        return model.Graph.Input.First(i => !initializers.Contains(i.Name)).Type.TensorType.Shape.Dim
            .Select(d => d.DimValue > 0 ? d.DimValue : 1).ToArray();
    }

    public static IEnumerable<FuzzCase> Conformance(int perMutation)
    {
        var sources = ConformanceSources();
        var protos = new Dictionary<string, byte[]>();
        byte[] BytesOf(FuzzSource s) => protos.TryGetValue(s.File, out var b) ? b : protos[s.File] = File.ReadAllBytes(s.File);

        foreach (var (kind, mutate) in OnnxMutations.Structural)
        for (var seed = 0; seed < perMutation; seed++)
        {
            var random = new Random(Seed(kind, seed));
            // Not every model has what a mutation breaks (an initializer, an attribute): take the next that does.
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var source = sources[random.Next(sources.Count)];
                var model = ModelProto.Parser.ParseFrom(BytesOf(source));
                if (mutate(model, random) is not { } what) continue;
                var bytes = OnnxMutations.Bytes(model);
                yield return new FuzzCase(source.Name, kind, seed, what, ModelFormat.Onnx, dir => WriteFile(dir, "model.onnx", bytes), source.Inputs);
                break;
            }
        }
        foreach (var (kind, mutate) in OnnxMutations.Bytewise)
        for (var seed = 0; seed < perMutation; seed++)
        {
            var random = new Random(Seed(kind, seed));
            var source = sources[random.Next(sources.Count)];
            var (bytes, what) = mutate(BytesOf(source), random);
            yield return new FuzzCase(source.Name, kind, seed, what, ModelFormat.Onnx, dir => WriteFile(dir, "model.onnx", bytes), source.Inputs);
        }
    }

    public static IEnumerable<FuzzCase> ResNet18(int perMutation)
    {
        var file = PackageFiles.ResNet18Onnx;
        Tensor[] Inputs() => [Seeded.Uniform([1, 3, 224, 224], seed: 7).Times(255).Minus(120)];
        var header = new byte[ResNetHeader];
        using (var stream = File.OpenRead(file)) stream.ReadExactly(header);

        foreach (var kind in new[] { "bit-flips", "byte-burst" })
        for (var seed = 0; seed < 3 * perMutation; seed++)
        {
            var random = new Random(Seed("resnet " + kind, seed));
            var (mutated, what) = kind == "bit-flips"
                ? OnnxMutations.FlipBits(header, 0, header.Length, random)
                : OnnxMutations.Burst(header, 0, header.Length, random);
            yield return new FuzzCase("ResNet18.onnx", kind, seed, what + $" (of the first {ResNetHeader} bytes)", ModelFormat.Onnx,
                dir => WriteWithHeader(dir, file, mutated), Inputs);
        }
        for (var seed = 0; seed < perMutation; seed++)
        {
            var cut = new Random(Seed("resnet truncated", seed)).Next(ResNetHeader);
            yield return new FuzzCase("ResNet18.onnx", "truncated", seed, $"cut to {cut} bytes", ModelFormat.Onnx,
                dir => WriteFile(dir, "model.onnx", header[..cut]), Inputs);
        }

        // Graph edits on the whole model: each case parses and re-serializes 63 MB, so only a few of each.
        var whole = File.ReadAllBytes(file);
        foreach (var kind in new[] { "unknown-op", "dangling-input", "cycle", "bad-attribute", "removed-node", "duplicate-output", "wrong-dims", "huge-dims" })
        for (var seed = 0; seed < Math.Max(1, perMutation / 2); seed++)
        {
            var random = new Random(Seed("resnet " + kind, seed));
            var model = ModelProto.Parser.ParseFrom(whole);
            if (OnnxMutations.Structural[kind](model, random) is not { } what) continue;
            var bytes = OnnxMutations.Bytes(model);
            yield return new FuzzCase("ResNet18.onnx", kind, seed, what, ModelFormat.Onnx, dir => WriteFile(dir, "model.onnx", bytes), Inputs);
        }
    }

    public static IEnumerable<FuzzCase> TinyDarknet(int perMutation)
    {
        var json = SharedData.Require("models", "darknet-tiny", "model.json");
        var folder = Path.GetDirectoryName(json)!;
        var text = File.ReadAllText(json);
        Tensor[] Inputs() => [Seeded.Uniform([1, 3, 224, 224], seed: 7)];
        foreach (var (kind, mutate) in TfJsMutations.All)
        for (var seed = 0; seed < perMutation; seed++)
        {
            var random = new Random(Seed("tfjs " + kind, seed));
            var mutant = new TfJsMutant(JsonNode.Parse(text)!, folder);
            if (mutate(mutant, random) is not { } what) continue;
            yield return new FuzzCase("darknet-tiny", kind, seed, what, ModelFormat.TfJs, dir => TfJsMutations.Write(mutant, dir), Inputs);
        }
    }

    // A stable seed per (mutation, case): string.GetHashCode is randomized per process, so hash by hand.
    private static int Seed(string kind, int index)
    {
        var hash = 17;
        foreach (var c in kind) hash = unchecked(hash * 31 + c);
        return unchecked(hash * 31 + index) & int.MaxValue;
    }

    private static string WriteFile(string dir, string name, byte[] bytes)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string WriteWithHeader(string dir, string original, byte[] header)
    {
        var path = Path.Combine(dir, "model.onnx");
        using var output = File.Create(path);
        output.Write(header);
        using var input = File.OpenRead(original);
        input.Position = header.Length;
        input.CopyTo(output);
        return path;
    }
}
