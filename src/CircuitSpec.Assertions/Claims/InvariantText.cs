using System.Globalization;

namespace CircuitSpec.Claims;

/// <summary>
/// Renders a claim's text in invariant culture whatever the thread's culture is, so that a verdict reads the same —
/// "0.25", not "0,25" — on every machine, including the measurements' own descriptions it quotes.
/// </summary>
internal static class InvariantText
{
    public static T Render<T>(Func<T> render)
    {
        var culture = CultureInfo.CurrentCulture;
        if (culture.Equals(CultureInfo.InvariantCulture)) return render();
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            return render();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
