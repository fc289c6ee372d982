using System.Reflection;

namespace CircuitSpec.Tests.Runtime.ScalarRace;

/// <summary>
/// Reads TorchSharp's IL for the public methods that make a native scalar they do not hold: a method that converts a
/// number or a tensor's one value to a <c>Scalar</c> (op_Implicit, ToScalar) without storing it in a local that a
/// <c>finally</c> disposes, and every public method that reaches such a method through direct calls or the lambdas it
/// creates. The result is the list the analyzer (src/Analyzers) embeds, in its key format <c>Type.Method(ParameterType,...)</c>.
/// </summary>
internal static class TorchSharpScalarScan
{
    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    public static SortedSet<string> MethodsThatDropScalars(Assembly torchSharp)
    {
        var methods = TypesOf(torchSharp)
            .SelectMany(t => t.GetMethods(Declared).Cast<MethodBase>().Concat(t.GetConstructors(Declared)))
            .ToList();
        var callees = new Dictionary<MethodBase, List<MethodBase>>();
        var drops = new HashSet<MethodBase>();
        foreach (var method in methods)
        {
            var (called, dropsOne) = Calls(method);
            callees[method] = called;
            if (dropsOne) drops.Add(method);
        }
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var method in methods)
                if (!drops.Contains(method) && !MakesScalars(method) && callees[method].Any(c => drops.Contains(c) || drops.Any(d => SameGeneric(d, c))))
                    changed = drops.Add(method);
        }
        return new SortedSet<string>(drops.Where(IsPublicApi).Select(KeyOf), StringComparer.Ordinal);
    }

    private static IEnumerable<Type> TypesOf(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.OfType<Type>(); }
    }

    // A number converted to a Scalar, or a tensor's value read out as one (Tensor.ToScalar, which ToDouble and the other
    // readers of one value call and drop before reading the number from it).
    private static bool MakesScalars(MethodBase m) =>
        (m.DeclaringType?.Name == "Scalar" && m.Name == "op_Implicit") || m.Name == "ToScalar";

    private static bool SameGeneric(MethodBase a, MethodBase b) => b.IsGenericMethod && a.Name == b.Name && a.DeclaringType == b.DeclaringType;

    // call, callvirt, newobj and ldftn/ldvirtftn operands; a made scalar counts as held when the next instruction stores
    // it in a local and the method has a finally block (the shape `using var s = x.ToScalar()` compiles to).
    private static (List<MethodBase> Called, bool DropsOne) Calls(MethodBase method)
    {
        var called = new List<MethodBase>();
        var dropsOne = false;
        MethodBody? body;
        try { body = method.GetMethodBody(); }
        catch (Exception) { return (called, false); }
        if (body?.GetILAsByteArray() is not { } il) return (called, false);
        var hasFinally = body.ExceptionHandlingClauses.Any(c => c.Flags == ExceptionHandlingClauseOptions.Finally);
        for (var i = 0; i + 4 < il.Length; i++)
        {
            var isCall = il[i] is 0x28 or 0x6F or 0x73 || (i > 0 && il[i - 1] == 0xFE && il[i] is 0x06 or 0x07);
            if (!isCall) continue;
            var token = BitConverter.ToInt32(il, i + 1);
            if ((token >> 24) is not (0x06 or 0x0A or 0x2B)) continue;
            MethodBase? callee;
            try
            {
                var typeArguments = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
                var methodArguments = method is { IsGenericMethod: true, IsConstructor: false } ? method.GetGenericArguments() : null;
                callee = method.Module.ResolveMethod(token, typeArguments, methodArguments);
            }
            catch (Exception) { continue; }
            if (callee is null) continue;
            called.Add(callee);
            if (!MakesScalars(callee)) continue;
            var next = i + 5 < il.Length ? il[i + 5] : (byte)0;
            var stored = next is >= 0x0A and <= 0x0D or 0x13 || (next == 0xFE && i + 6 < il.Length && il[i + 6] == 0x0E);
            if (!(stored && hasFinally)) dropsOne = true;
        }
        return (called, dropsOne);
    }

    private static bool IsPublicApi(MethodBase m) =>
        (m.IsPublic || m.IsFamily) && m.DeclaringType is { } t && Visible(t) && t.Name != "Scalar";

    private static bool Visible(Type t) => t.IsPublic || (t.IsNestedPublic && t.DeclaringType is { } outer && Visible(outer));

    private static string KeyOf(MethodBase m) =>
        $"{m.DeclaringType!.Name}.{m.Name}({string.Join(",", m.GetParameters().Select(p => p.ParameterType.Name))})";
}
