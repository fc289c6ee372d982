using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CircuitSpec.Analyzers;

/// <summary>
/// TorchSharp 0.107 turns a .NET number into a native <c>Scalar</c> with a finalizer and does not keep it alive across
/// the native call that reads it, so a garbage collection started by another thread can free it mid-call (seen in CI as
/// "Unknown scalar type", "Expected false to be true" from c10::Scalar::toFloat, or NaN). A scalar is safe only while
/// something holds it: a <c>using var</c>, a static field. This analyzer finds the places where nothing does, and the
/// same for the other native objects a program makes itself (a seeded <c>Generator</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnheldScalarAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor ImplicitScalar = new(
        "CSP0001",
        "A number becomes a TorchSharp Scalar that nothing holds",
        "'{0}' becomes a TorchSharp Scalar that nothing holds during the native call, and a collection on another thread can free it "
            + "mid-call; hold it: a static readonly Scalar (HeldScalars) or 'using var s = value.ToScalar();'",
        "Reliability", DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnheldToScalar = new(
        "CSP0002",
        "A Scalar is made and passed on without being held",
        "'{0}' makes a TorchSharp Scalar that nothing holds during the native call; declare it with 'using var' or keep it in a static field",
        "Reliability", DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DroppingMethod = new(
        "CSP0003",
        "This TorchSharp method makes a Scalar it does not hold",
        "TorchSharp's '{0}' makes a Scalar inside and does not hold it during the native call; "
            + "call the overload that takes the scalar (add(other, HeldScalars.One), mul(heldScalar)) with a held one, "
            + "or read a tensor's one value with HeldValues (AsDouble, AsLong, AsBoolean)",
        "Reliability", DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnheldNativeObject = new(
        "CSP0004",
        "A TorchSharp object with a finalizer is made and passed on without being held",
        "'{0}' makes a TorchSharp {1}, whose finalizer frees its native state; after its last use in .NET a collection can free it "
            + "while libtorch still reads it; declare it with 'using var' or keep it in a field",
        "Reliability", DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly ImmutableHashSet<string> Dropping = LoadDroppingMethods();

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [ImplicitScalar, UnheldToScalar, DroppingMethod, UnheldNativeObject];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(OnConversion, OperationKind.Conversion);
        context.RegisterOperationAction(OnInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(OnOperator, OperationKind.Binary, OperationKind.CompoundAssignment, OperationKind.Unary);
        context.RegisterOperationAction(OnCreation, OperationKind.ObjectCreation);
    }

    /// <summary>The key a method has in TorchSharpMethodsThatDropScalars.txt: <c>Type.Method(ParameterType,...)</c>.</summary>
    public static string KeyOf(IMethodSymbol method)
    {
        var m = (method.ReducedFrom ?? method).OriginalDefinition;
        var parameters = string.Join(",", m.Parameters.Select(p => TypeKey(p.Type) + (p.RefKind == RefKind.None ? "" : "&")));
        return $"{m.ContainingType.MetadataName}.{m.MetadataName}({parameters})";
    }

    private static string TypeKey(ITypeSymbol type) => type is IArrayTypeSymbol array ? TypeKey(array.ElementType) + "[]" : type.MetadataName;

    private static bool IsScalar(ITypeSymbol? type) =>
        type is { Name: "Scalar", ContainingNamespace: { Name: "TorchSharp", ContainingNamespace.IsGlobalNamespace: true } };

    private static bool IsTorchSharp(IMethodSymbol method) => method.ContainingAssembly?.Name == "TorchSharp";

    private static void OnConversion(OperationAnalysisContext context)
    {
        var conversion = (IConversionOperation)context.Operation;
        if (conversion.Conversion.IsUserDefined && IsScalar(conversion.Conversion.MethodSymbol?.ContainingType) && IsScalar(conversion.Type))
            context.ReportDiagnostic(Diagnostic.Create(ImplicitScalar, conversion.Operand.Syntax.GetLocation(), conversion.Operand.Syntax.ToString()));
    }

    private static void OnInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!IsTorchSharp(method)) return;
        if (IsScalar(method.ReturnType) && !IsHeld(invocation))
            context.ReportDiagnostic(Diagnostic.Create(UnheldToScalar, invocation.Syntax.GetLocation(), invocation.Syntax.ToString()));
        ReportIfDropping(context, method, invocation.Syntax);
    }

    private static void OnOperator(OperationAnalysisContext context)
    {
        var method = context.Operation switch
        {
            IBinaryOperation binary => binary.OperatorMethod,
            ICompoundAssignmentOperation compound => compound.OperatorMethod,
            IUnaryOperation unary => unary.OperatorMethod,
            _ => null,
        };
        if (method is not null && IsTorchSharp(method)) ReportIfDropping(context, method, context.Operation.Syntax);
    }

    private static void OnCreation(OperationAnalysisContext context)
    {
        if (context.Operation is not IObjectCreationOperation { Constructor: { } constructor } creation || !IsTorchSharp(constructor)) return;
        ReportIfDropping(context, constructor, creation.Syntax);
        if (HasFinalizer(constructor.ContainingType) && !IsTensor(constructor.ContainingType) && !IsHeld(creation))
            context.ReportDiagnostic(Diagnostic.Create(UnheldNativeObject, creation.Syntax.GetLocation(), creation.Syntax.ToString(), constructor.ContainingType.Name));
    }

    // Tensors are held by the dispose scope they are made in; every other native object needs an owner.
    private static bool IsTensor(ITypeSymbol? type)
    {
        for (; type is not null; type = type.BaseType)
            if (type is { Name: "Tensor", ContainingType.Name: "torch" }) return true;
        return false;
    }

    private static bool HasFinalizer(ITypeSymbol? type)
    {
        for (; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            if (type.GetMembers("Finalize").OfType<IMethodSymbol>().Any(m => m.MethodKind == MethodKind.Destructor)) return true;
        return false;
    }

    private static void ReportIfDropping(OperationAnalysisContext context, IMethodSymbol method, SyntaxNode syntax)
    {
        var key = KeyOf(method);
        if (Dropping.Contains(key)) context.ReportDiagnostic(Diagnostic.Create(DroppingMethod, syntax.GetLocation(), key));
    }

    /// <summary>Held: the initializer of a using declaration, stored in a field or property, or returned to a caller who holds it.</summary>
    private static bool IsHeld(IOperation made)
    {
        var parent = made.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation) parent = parent.Parent;
        return parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Parent: IVariableDeclarationOperation declaration } } =>
                declaration.Parent is IVariableDeclarationGroupOperation { Parent: IUsingOperation or IUsingDeclarationOperation },
            IFieldInitializerOperation or IPropertyInitializerOperation or IReturnOperation => true,
            ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } => true,
            _ => false,
        };
    }

    private static ImmutableHashSet<string> LoadDroppingMethods()
    {
        using var stream = typeof(UnheldScalarAnalyzer).Assembly.GetManifestResourceStream("TorchSharpMethodsThatDropScalars.txt")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith("#")).ToImmutableHashSet();
    }
}
