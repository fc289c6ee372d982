using System.Runtime.InteropServices;
using System.Security.Cryptography;
using CircuitSpec.Errors;

namespace CircuitSpec.Models.Caffe;

/// <summary>
/// Raw float32 weight files (<c>weights/&lt;layer&gt;_filter.bin</c> and <c>_bias.bin</c>, no header), checked against a
/// SHA256SUMS file when one is present.
/// </summary>
internal sealed class CaffeWeights
{
    private readonly string _folder;
    private readonly Dictionary<string, string> _checksums;

    public CaffeWeights(string modelFolder)
    {
        _folder = modelFolder;
        var sums = Path.Combine(modelFolder, "SHA256SUMS");
        _checksums = File.Exists(sums)
            ? File.ReadAllLines(sums)
                .Select(l => l.Split(' ', 2, StringSplitOptions.TrimEntries))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[1].TrimStart('*'), p => p[0].ToLowerInvariant(), StringComparer.Ordinal)
            : [];
    }

    public bool Verified => _checksums.Count > 0;

    /// <summary>Reads <c>weights/{layer}_{part}.bin</c>; null when the file does not exist.</summary>
    public float[]? TryRead(string layer, string part)
    {
        var relative = $"weights/{layer}_{part}.bin";
        var path = Path.Combine(_folder, relative);
        if (!File.Exists(path)) return null;
        var bytes = File.ReadAllBytes(path);
        if (_checksums.TryGetValue(relative, out var expected))
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (actual != expected)
                throw new ModelLoadException(path, layer, $"the file's SHA-256 is {actual}, but SHA256SUMS lists {expected}: the weights are corrupt or from another model");
        }
        else if (Verified)
            throw new ModelLoadException(path, layer, "the weight file is not listed in SHA256SUMS");
        if (bytes.Length % 4 != 0)
            throw new ModelLoadException(path, layer, $"{bytes.Length} bytes is not a whole number of float32 values");
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    public float[] Read(string layer, string part) =>
        TryRead(layer, part) ?? throw new ModelLoadException(Path.Combine(_folder, $"weights/{layer}_{part}.bin"), layer, "the weight file is missing");
}
