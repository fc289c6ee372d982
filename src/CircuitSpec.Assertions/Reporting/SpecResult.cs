namespace CircuitSpec.Reporting;

/// <summary>How a spec (one test) ended, as the test runner saw it.</summary>
public enum SpecOutcome { Passed, Failed, Skipped }

/// <summary>A spec's outcome and, when it failed or was skipped, the runner's message.</summary>
public sealed record SpecResult(string Test, SpecOutcome Outcome, string? Message = null);
