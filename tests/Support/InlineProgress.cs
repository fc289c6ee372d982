namespace CircuitSpec.Tests.Support;

/// <summary>
/// Progress reported on the reporting thread, before the work goes on. <see cref="Progress{T}"/> posts each report to
/// the thread pool instead, so a report made near the end of a test can reach the test's output after the test has
/// ended, which xunit treats as a fatal error of the whole run ("There is no currently active test").
/// </summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
