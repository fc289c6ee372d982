using System.Runtime.InteropServices;

namespace CircuitSpec.Tests.Support;

/// <summary>Reads a raw little-endian float32 file as the tests' own independent reference.</summary>
internal static class CaffeRaw
{
    public static float[] Read(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();
}
