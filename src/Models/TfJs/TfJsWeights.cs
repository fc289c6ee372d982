using System.Runtime.InteropServices;
using System.Text.Json;
using CircuitSpec.Errors;
using static TorchSharp.torch;

namespace CircuitSpec.Models.TfJs;

/// <summary>
/// Reads a TF.js weightsManifest: each group's shards are concatenated and its weights sliced from them in order,
/// with every size checked against the bytes present before anything is allocated.
/// </summary>
internal static class TfJsWeights
{
    public static Dictionary<string, Tensor> Read(string modelJson, JsonElement manifest)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(modelJson))!;
        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var group in manifest.EnumerateArray())
            {
                var paths = group.Need("paths").EnumerateArray().Select(p => p.Text()).ToList();
                var entries = group.Need("weights").EnumerateArray().Select(Entry).ToList();
                var expected = entries.Sum(e => e.Bytes);
                var shardFiles = paths.Select(p => Path.Combine(folder, p)).ToList();
                foreach (var missing in shardFiles.Where(f => !File.Exists(f)))
                    throw new ModelLoadException(modelJson, Path.GetFileName(missing), "the weight shard named in weightsManifest does not exist");
                // The length of what the file holds: FileInfo.Length of a symbolic link (git-annex, DVC and model caches
                // link their files) is the length of the link itself.
                var actual = shardFiles.Sum(f => { using var shard = File.OpenRead(f); return shard.Length; });
                if (actual != expected)
                    throw new ModelLoadException(modelJson, string.Join("+", paths),
                        $"the shards hold {actual} bytes but their weights ({string.Join(", ", entries.Select(e => e.Name))}) need {expected}");
                var bytes = shardFiles.SelectMany(File.ReadAllBytes).ToArray();
                var offset = 0L;
                foreach (var entry in entries)
                {
                    var values = MemoryMarshal.Cast<byte, float>(bytes.AsSpan((int)offset, (int)entry.Bytes)).ToArray();
                    if (!weights.TryAdd(entry.Name, tensor(values, entry.Shape)))
                        throw new ModelLoadException(modelJson, entry.Name, "the weight is listed twice in weightsManifest");
                    offset += entry.Bytes;
                }
            }
            return weights;
        }
        catch
        {
            foreach (var t in weights.Values) t.Dispose();
            throw;
        }

        (string Name, long[] Shape, long Bytes) Entry(JsonElement w)
        {
            var name = w.Need("name").Text();
            var dtype = w.TryGetProperty("dtype", out var d) ? d.GetString() : "float32";
            if (dtype != "float32")
                throw new ModelLoadException(modelJson, name, $"weight dtype '{dtype}' is not supported (only float32)");
            if (w.TryGetProperty("quantization", out _))
                throw new ModelLoadException(modelJson, name, "quantized weights are not supported");
            var shape = w.Need("shape").EnumerateArray().Select(s => s.GetInt64()).ToArray();
            var count = 1.0;
            foreach (var s in shape)
            {
                if (s < 0) throw new ModelLoadException(modelJson, name, $"negative dimension in [{string.Join(", ", shape)}]");
                count *= s;
            }
            if (count * 4 > int.MaxValue)
                throw new ModelLoadException(modelJson, name, $"dimensions [{string.Join(", ", shape)}] would need {count * 4:E2} bytes");
            return (name, shape, (long)count * 4);
        }
    }
}
