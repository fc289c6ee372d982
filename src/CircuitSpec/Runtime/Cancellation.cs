namespace CircuitSpec.Runtime;

/// <summary>
/// Lets long work — stimulus batches, sweeps, property probes, visualization steps — stop between steps when the run is
/// cancelled. A token passed explicitly is honoured; so is the ambient one: the running xunit test's (found by
/// <see cref="TestHost"/>), or one scoped around a block with <see cref="Use"/>.
/// </summary>
public static class Cancellation
{
    private static readonly AsyncLocal<CancellationToken?> Scoped = new();

    /// <summary>The token scoped by <see cref="Use"/>, else the running test's.</summary>
    public static CancellationToken Current => Scoped.Value ?? TestHost.CurrentCancellation;

    /// <summary>Makes <paramref name="token"/> the ambient token until the returned scope is disposed.</summary>
    public static IDisposable Use(CancellationToken token) => AmbientScope.Set(Scoped, token);

    /// <summary>Throws <see cref="OperationCanceledException"/> when the explicit or the ambient token is cancelled.</summary>
    public static void ThrowIfRequested(CancellationToken explicitToken = default)
    {
        explicitToken.ThrowIfCancellationRequested();
        Current.ThrowIfCancellationRequested();
    }
}
