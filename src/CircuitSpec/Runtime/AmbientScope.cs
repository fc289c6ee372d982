namespace CircuitSpec.Runtime;

/// <summary>Sets an async-local value for a block: the returned scope puts back what was there before.</summary>
internal static class AmbientScope
{
    public static IDisposable Set<T>(AsyncLocal<T> local, T value)
    {
        var before = local.Value;
        local.Value = value;
        return new Restore<T>(local, before);
    }

    private sealed class Restore<T>(AsyncLocal<T> local, T? before) : IDisposable
    {
        public void Dispose() => local.Value = before!;
    }
}
