using System.Text.Json;
using CircuitSpec.Errors;
using CircuitSpec.Models.Graph;
using CircuitSpec.Networks;

namespace CircuitSpec.Models.TfJs;

/// <summary>
/// Loads a TF.js Layers model (Keras topology in model.json + binary weight shards, channels_last) into a
/// <see cref="GraphNetwork"/> that runs NCHW inside. Each Keras layer's output is the point named after the layer.
/// </summary>
public static class TfJsLoader
{
    public static GraphNetwork Load(string modelJson, InputConvention? convention = null, string? name = null)
    {
        if (!File.Exists(modelJson)) throw new ModelLoadException(modelJson, null, "the file does not exist");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(modelJson));
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(modelJson, null, $"model.json is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            try
            {
                return Build(document.RootElement, modelJson, convention, name);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw new ModelLoadException(modelJson, null, $"model.json does not have the TF.js Layers structure: {e.Message}", e);
            }
        }
    }

    private static GraphNetwork Build(JsonElement root, string file, InputConvention? convention, string? name)
    {
        var config = root.Need("modelTopology").Need("model_config");
        var layers = config.Need("config").Need("layers").EnumerateArray().ToList();
        if (layers.Count == 0) throw new ModelLoadException(file, null, "model.json lists no layers");
        var weights = TfJsWeights.Read(file, root.Need("weightsManifest"));
        var parameterCount = weights.Values.Sum(t => t.numel());
        var builder = new GraphBuilder(file, opset: 13);
        var used = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            long[]? inputShape = null;
            for (var i = 0; i < layers.Count; i++)
            {
                try
                {
                    var translator = new KerasLayer(layers[i], file, builder, weights, used);
                    if (translator.ClassName == "InputLayer")
                    {
                        builder.AddInput(translator.Name);
                        inputShape = translator.InputShape();
                    }
                    else translator.Translate();
                }
                catch (Exception e) when (e is InvalidOperationException or FormatException)
                {
                    var layerName = layers[i].ValueKind == JsonValueKind.Object && layers[i].TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                        ? n.GetString() : $"layers[{i}]";
                    throw new ModelLoadException(file, layerName, $"the layer's entry in model.json cannot be read: {e.Message}", e);
                }
            }
            var outputs = config.Need("config").TryGetProperty("output_layers", out var o)
                ? o.EnumerateArray().Select(x => x.Item(0).Text()).ToList()
                : [layers[^1].Need("name").Text()];
            foreach (var output in outputs) builder.AddOutput(output);
            var unused = weights.Keys.Where(k => !used.Contains(k)).ToList();
            if (unused.Count > 0)
                throw new ModelLoadException(file, unused[0], $"{unused.Count} weight(s) in weightsManifest belong to no layer (e.g. {string.Join(", ", unused.Take(3))})");
            var size = inputShape is [_, var h, var w, _] ? (int)h : 224;
            return builder.Build(name ?? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file)))!,
                convention ?? InputConvention.UnitRgb(size, $"{size}×{size} RGB, 0..1"), parameterCount);
        }
        catch
        {
            builder.DisposeWeightsIfNotBuilt();
            foreach (var (key, t) in weights)
                if (!used.Contains(key)) t.Dispose();
            throw;
        }
    }
}
