using System.Diagnostics;
using CircuitSpec.Errors;
using CircuitSpec.Models.Graph;
using CircuitSpec.Models.Onnx;
using CircuitSpec.Models.TfJs;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Reliability.Fuzzing;

public enum FuzzResult
{
    /// <summary>The mutant still loads and runs (a flipped bit in a weight, a harmless attribute).</summary>
    Ran,
    /// <summary>Loading failed with a CircuitSpec exception.</summary>
    RefusedAtLoad,
    /// <summary>It loaded, and running it failed with a CircuitSpec exception naming the node.</summary>
    RefusedAtRun,
    /// <summary>Any other exception: a bug.</summary>
    Untyped,
    /// <summary>Did not finish within the time limit.</summary>
    TimedOut,
}

public sealed record FuzzOutcome(FuzzCase Case, FuzzResult Result, Exception? Error, TimeSpan Elapsed, long PeakBytes)
{
    public string ErrorType => Error is null ? "" : Error.GetType().Name;

    /// <summary>A typed error that merely wraps an exception a guard should have prevented (a bug behind a catch-all).</summary>
    public Exception? WrappedBug => Error is CircuitSpecException { InnerException: { } inner } && FuzzRunner.IsBug(inner) ? inner : null;

    public override string ToString() =>
        $"{Case}: {Result}{(Error is null ? "" : $" ({Error.GetType().Name}: {Error.Message.Split('\n')[0]})")}, " +
        $"{Elapsed.TotalSeconds:F2} s, {PeakBytes / 1e6:F0} MB";
}

/// <summary>Loads and runs one mutated model on its own thread, under a time limit, measuring peak memory.</summary>
public static class FuzzRunner
{
    public static FuzzOutcome Run(FuzzCase fuzzCase, string folder, TimeSpan limit)
    {
        Directory.CreateDirectory(folder);
        try
        {
            var path = fuzzCase.Write(folder);
            var baseline = ResidentMemory.CanMeasurePeak ? ResidentMemory.ResetPeak() : 0;
            var watch = Stopwatch.StartNew();
            var work = Task.Factory.StartNew(() => LoadAndRun(fuzzCase, path), TaskCreationOptions.LongRunning);
            var finished = work.Wait(limit);
            watch.Stop();
            var peak = ResidentMemory.CanMeasurePeak ? ResidentMemory.Peak() - baseline : 0;
            return finished
                ? new FuzzOutcome(fuzzCase, work.Result.Result, work.Result.Error, watch.Elapsed, peak)
                : new FuzzOutcome(fuzzCase, FuzzResult.TimedOut, null, watch.Elapsed, peak);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (FuzzResult Result, Exception? Error) LoadAndRun(FuzzCase fuzzCase, string path)
    {
        using var scope = NewDisposeScope();
        GraphNetwork model;
        try
        {
            model = fuzzCase.Format == ModelFormat.Onnx ? OnnxLoader.Load(path) : TfJsLoader.Load(path);
        }
        catch (CircuitSpecException e)
        {
            return (FuzzResult.RefusedAtLoad, e);
        }
        catch (Exception e)
        {
            return (FuzzResult.Untyped, e);
        }
        using (model)
        {
            try
            {
                using var _ = no_grad();
                model.EvaluateAll(fuzzCase.Inputs());
                return (FuzzResult.Ran, null);
            }
            catch (CircuitSpecException e)
            {
                return (FuzzResult.RefusedAtRun, e);
            }
            catch (Exception e)
            {
                return (FuzzResult.Untyped, e);
            }
        }
    }

    /// <summary>Exception types that only a missing check produces.</summary>
    public static bool IsBug(Exception e) => e is NullReferenceException or IndexOutOfRangeException or ArgumentOutOfRangeException
        or InvalidCastException or OverflowException or DivideByZeroException or KeyNotFoundException or OutOfMemoryException;
}
