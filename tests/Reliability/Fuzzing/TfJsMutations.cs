using System.Text;
using System.Text.Json.Nodes;

namespace CircuitSpec.Tests.Reliability.Fuzzing;

/// <summary>A TF.js model being broken: its model.json (as a tree, or as raw text once mangled) and its weight shards.</summary>
public sealed class TfJsMutant(JsonNode root, string folder)
{
    public JsonNode Root { get; } = root;

    /// <summary>When set, model.json is written as these bytes instead of <see cref="Root"/>.</summary>
    public byte[]? RawJson { get; set; }

    /// <summary>Shards replaced by new bytes, or deleted (null); the others are linked to the originals.</summary>
    public Dictionary<string, byte[]?> Shards { get; } = [];

    public string Folder { get; } = folder;

    public JsonArray Layers => Root["modelTopology"]!["model_config"]!["config"]!["layers"]!.AsArray();

    public IEnumerable<JsonObject> Weights =>
        Root["weightsManifest"]!.AsArray().SelectMany(g => g!["weights"]!.AsArray()).Select(w => w!.AsObject());
}

/// <summary>Ways to break a TF.js Layers model (model.json + shards); each says what it did.</summary>
public static class TfJsMutations
{
    public delegate string? Mutation(TfJsMutant model, Random random);

    public static readonly IReadOnlyDictionary<string, Mutation> All = new Dictionary<string, Mutation>
    {
        ["json-truncated"] = (m, r) => Raw(m, r, (bytes, random) =>
        {
            var cut = random.Next(bytes.Length);
            return (bytes[..cut], $"model.json cut to {cut} of {bytes.Length} bytes");
        }),
        ["json-bit-flips"] = (m, r) => Raw(m, r, (bytes, random) => OnnxMutations.FlipBits(bytes, 0, bytes.Length, random)),
        ["json-deleted-property"] = DeletedProperty,
        ["json-wrong-type"] = WrongType,
        ["manifest-wrong-shape"] = (m, r) => Shape(m, r, (shape, random) => { var a = random.Next(shape.Count); shape[a] = (long)shape[a]! + (random.Next(2) == 0 ? 1 : -1); }),
        ["manifest-negative-dim"] = (m, r) => Shape(m, r, (shape, random) => shape[random.Next(shape.Count)] = -random.Next(1, 4)),
        ["manifest-huge-dims"] = (m, r) => Shape(m, r, (shape, _) => { shape.Clear(); shape.Add(1L << 20); shape.Add(1L << 20); }),
        ["manifest-missing-weight"] = MissingWeight,
        ["manifest-duplicate-weight"] = DuplicateWeight,
        ["manifest-unknown-dtype"] = UnknownDtype,
        ["shard-truncated"] = (m, r) => Shard(m, r, (bytes, random) => { var cut = random.Next(bytes.Length); return (bytes[..cut], $"cut to {cut} of {bytes.Length} bytes"); }),
        ["shard-extended"] = (m, r) => Shard(m, r, (bytes, random) => { var extra = random.Next(1, 9) * 4; return ([.. bytes, .. new byte[extra]], $"{extra} bytes appended"); }),
        ["shard-missing"] = (m, r) => Shard(m, r, (_, _) => (null, "deleted")),
        ["shard-bit-flips"] = (m, r) => Shard(m, r, (bytes, random) => OnnxMutations.FlipBits(bytes, 0, bytes.Length, random)),
        ["layer-unknown-class"] = (m, r) => Layer(m, r, (layer, random) =>
        {
            var before = (string)layer["class_name"]!;
            layer["class_name"] = random.Next(2) == 0 ? before + "V2" : "";
            return $"class {before} → '{layer["class_name"]}'";
        }),
        ["layer-dangling-inbound"] = (m, r) => Inbound(m, r, (_, _) => "no_such_layer"),
        ["layer-cycle"] = (m, r) => Inbound(m, r, (index, random) => (string)m.Layers[random.Next(index, m.Layers.Count)]!["name"]!),
        ["layer-bad-config"] = BadConfig,
        ["layer-duplicate-name"] = (m, r) => Layer(m, r, (layer, random) =>
        {
            var other = (string)m.Layers[random.Next(m.Layers.Count)]!["name"]!;
            var before = (string)layer["name"]!;
            layer["name"] = other;
            return $"layer '{before}' renamed to '{other}'";
        }),
    };

    private static string? Raw(TfJsMutant m, Random random, Func<byte[], Random, (byte[] Bytes, string What)> edit)
    {
        (m.RawJson, var what) = edit(Encoding.UTF8.GetBytes(m.Root.ToJsonString()), random);
        return what;
    }

    private static List<(JsonObject Parent, string Key)> Properties(JsonNode node)
    {
        var found = new List<(JsonObject, string)>();
        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        found.Add((o, key));
                        Walk(value);
                    }
                    break;
                case JsonArray a:
                    foreach (var item in a) Walk(item);
                    break;
            }
        }
        Walk(node);
        return found;
    }

    private static string? DeletedProperty(TfJsMutant m, Random random)
    {
        var properties = Properties(m.Root);
        var (parent, key) = properties[random.Next(properties.Count)];
        parent.Remove(key);
        return $"property '{key}' removed from {parent.GetPath()}";
    }

    private static string? WrongType(TfJsMutant m, Random random)
    {
        var properties = Properties(m.Root);
        var (parent, key) = properties[random.Next(properties.Count)];
        JsonNode?[] replacements = [null, JsonValue.Create(-1), JsonValue.Create(1e300), JsonValue.Create("text"), new JsonArray(), new JsonObject(), JsonValue.Create(true)];
        var replacement = replacements[random.Next(replacements.Length)];
        parent[key] = replacement;
        return $"{parent.GetPath()}.{key} → {replacement?.ToJsonString() ?? "null"}";
    }

    private static string? Shape(TfJsMutant m, Random random, Action<JsonArray, Random> edit)
    {
        var weights = m.Weights.Where(w => w["shape"] is JsonArray { Count: > 0 }).ToList();
        var weight = weights[random.Next(weights.Count)];
        var shape = weight["shape"]!.AsArray();
        var before = shape.ToJsonString();
        edit(shape, random);
        return $"weight '{weight["name"]}' shape {before} → {shape.ToJsonString()}";
    }

    private static string? MissingWeight(TfJsMutant m, Random random)
    {
        var weights = m.Weights.ToList();
        var weight = weights[random.Next(weights.Count)];
        weight.Parent!.AsArray().Remove(weight);
        return $"weight '{weight["name"]}' removed from weightsManifest";
    }

    private static string? DuplicateWeight(TfJsMutant m, Random random)
    {
        var weights = m.Weights.ToList();
        var weight = weights[random.Next(weights.Count)];
        weight.Parent!.AsArray().Add(weight.DeepClone());
        return $"weight '{weight["name"]}' listed twice";
    }

    private static string? UnknownDtype(TfJsMutant m, Random random)
    {
        var weights = m.Weights.ToList();
        var weight = weights[random.Next(weights.Count)];
        string[] dtypes = ["float64", "int32", "complex64", "", "FLOAT32", "bool"];
        weight["dtype"] = dtypes[random.Next(dtypes.Length)];
        return $"weight '{weight["name"]}' dtype → '{weight["dtype"]}'";
    }

    private static string? Shard(TfJsMutant m, Random random, Func<byte[], Random, (byte[]? Bytes, string What)> edit)
    {
        var shards = Directory.GetFiles(m.Folder, "group*-shard*").Order(StringComparer.Ordinal).ToList();
        var shard = shards[random.Next(shards.Count)];
        var (bytes, what) = edit(File.ReadAllBytes(shard), random);
        m.Shards[Path.GetFileName(shard)] = bytes;
        return $"shard {Path.GetFileName(shard)} {what}";
    }

    private static string? Layer(TfJsMutant m, Random random, Func<JsonObject, Random, string> edit)
    {
        var layer = m.Layers[random.Next(1, m.Layers.Count)]!.AsObject();
        return $"layer '{layer["name"]}': " + edit(layer, random);
    }

    private static string? Inbound(TfJsMutant m, Random random, Func<int, Random, string> source)
    {
        var index = random.Next(1, m.Layers.Count);
        var layer = m.Layers[index]!;
        var call = layer["inbound_nodes"]![0]![0]!.AsArray();
        var before = (string)call[0]!;
        call[0] = source(index, random);
        return $"layer '{layer["name"]}' reads '{call[0]}' instead of '{before}'";
    }

    private static string? BadConfig(TfJsMutant m, Random random)
    {
        string[] keys = ["kernel_size", "strides", "pool_size", "filters", "alpha", "epsilon", "dilation_rate", "padding", "activation", "axis"];
        var candidates = m.Layers.Skip(1).Select(l => l!["config"]!.AsObject())
            .SelectMany(c => keys.Where(c.ContainsKey).Select(k => (Config: c, Key: k))).ToList();
        var (config, key) = candidates[random.Next(candidates.Count)];
        JsonNode?[] values = [JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(int.MaxValue), new JsonArray(0, 0), new JsonArray(-2, 3),
                              new JsonArray(100000, 100000), JsonValue.Create("valid"), JsonValue.Create("causal"), JsonValue.Create("gelu"), JsonValue.Create(double.NaN.ToString())];
        var value = values[random.Next(values.Length)];
        config[key] = value;
        return $"layer '{config["name"]}' {key} → {value?.ToJsonString()}";
    }

    /// <summary>Writes the mutant into an empty folder: model.json plus every shard (linked unless replaced or deleted).</summary>
    public static string Write(TfJsMutant m, string into)
    {
        var json = Path.Combine(into, "model.json");
        File.WriteAllBytes(json, m.RawJson ?? Encoding.UTF8.GetBytes(m.Root.ToJsonString()));
        foreach (var shard in Directory.GetFiles(m.Folder, "group*-shard*"))
        {
            var name = Path.GetFileName(shard);
            var target = Path.Combine(into, name);
            if (!m.Shards.TryGetValue(name, out var bytes)) File.CreateSymbolicLink(target, shard);
            else if (bytes is not null) File.WriteAllBytes(target, bytes);
        }
        return json;
    }
}
