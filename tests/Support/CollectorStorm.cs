namespace CircuitSpec.Tests.Support;

/// <summary>
/// A thread that collects garbage and runs finalizers without pause while it lives. A .NET object whose native handle
/// is still in use after its last managed use (a TorchSharp tensor, scalar or generator made on the fly) is finalized
/// during the native call almost surely under a storm, instead of once in many CI runs.
/// </summary>
internal sealed class CollectorStorm : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    public CollectorStorm()
    {
        _thread = new Thread(() =>
        {
            while (!_stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }) { IsBackground = true, Name = "collector storm" };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }
}
