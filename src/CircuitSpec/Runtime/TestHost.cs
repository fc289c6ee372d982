using System.Reflection;

namespace CircuitSpec.Runtime;

/// <summary>
/// The test running on the calling async flow, as the framework running it says — found by reflection, the way
/// FluentAssertions finds its test framework, so that no host sets a process-wide hook: xunit v3's
/// <c>TestContext.Current</c> gives the test's display name and cancellation token. Any other host (or code that runs
/// claims outside a test) names its work with <see cref="Naming"/>, which holds on its async flow only.
/// </summary>
public static class TestHost
{
    private static readonly AsyncLocal<string?> Named = new();
    private static readonly Lazy<XunitContext?> Xunit = new(XunitContext.Find);

    /// <summary>The name given by <see cref="Naming"/> on this flow, else the running xunit test's display name, else null.</summary>
    public static string? CurrentTestName => Named.Value ?? Xunit.Value?.TestName();

    /// <summary>The running xunit test's cancellation token (cancelled when the run is), else none.</summary>
    public static CancellationToken CurrentCancellation => Xunit.Value?.Cancellation() ?? CancellationToken.None;

    /// <summary>Within the returned scope (on this async flow), verdicts and snapshot checks are attributed to <paramref name="test"/>.</summary>
    public static IDisposable Naming(string test) => AmbientScope.Set(Named, test);

    /// <summary>xunit v3's ambient test context, read through its public interfaces.</summary>
    private sealed class XunitContext(PropertyInfo current, PropertyInfo test, PropertyInfo displayName, PropertyInfo token)
    {
        public static XunitContext? Find()
        {
            var type = Type.GetType("Xunit.TestContext, xunit.v3.core", throwOnError: false);
            var current = type?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static);
            var test = current is null ? null : Property(current.PropertyType, "Test");
            var displayName = test is null ? null : Property(test.PropertyType, "TestDisplayName");
            var token = current is null ? null : Property(current.PropertyType, "CancellationToken");
            return current is null || test is null || displayName is null || token is null ? null : new XunitContext(current, test, displayName, token);
        }

        public string? TestName()
        {
            var context = current.GetValue(null);
            var running = context is null ? null : test.GetValue(context);
            return running is null ? null : displayName.GetValue(running) as string;
        }

        public CancellationToken Cancellation() => current.GetValue(null) is { } context && token.GetValue(context) is CancellationToken t ? t : CancellationToken.None;

        // An interface's GetProperty does not look into the interfaces it extends.
        private static PropertyInfo? Property(Type type, string name) =>
            type.GetProperty(name) ?? type.GetInterfaces().Select(i => i.GetProperty(name)).FirstOrDefault(p => p is not null);
    }
}
