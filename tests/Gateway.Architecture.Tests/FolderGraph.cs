using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Gateway.Architecture.Tests;

/// <summary>
/// The folder-to-folder type references of one compiled assembly. A type belongs to the source folder
/// (below the project directory) that its portable PDB names for most of its methods, or, for a type
/// without code (an interface, an enum), to the folder its namespace names below the project's root
/// namespace; nested types (lambdas, async state machines) count for their outermost declaring type, and
/// extension classes declared in a framework namespace still count for the folder that holds them. References are read from base types, interfaces, field, method,
/// property and attribute signatures, generic constraints and every token in every method body, so a
/// reference that only appears inside code is counted like one in a signature.
/// </summary>
public sealed class FolderGraph
{
    public const string RootFolder = "(root)";

    private FolderGraph(string assemblyName, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> edges, IReadOnlySet<string> folders)
    {
        AssemblyName = assemblyName;
        Edges = edges;
        Folders = folders;
    }

    public string AssemblyName { get; }

    /// <summary>Every folder that declares at least one type.</summary>
    public IReadOnlySet<string> Folders { get; }

    /// <summary>from folder → (to folder → one example reference, "FromType → ToType").</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Edges { get; }

    /// <param name="sourceDirectory">The project's directory below the repository, e.g. <c>src/Gateway</c>.</param>
    public static FolderGraph Load(string assemblyPath, string rootNamespace, string sourceDirectory)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        using var pdbStream = File.OpenRead(Path.ChangeExtension(assemblyPath, ".pdb"));
        using var pdb = MetadataReaderProvider.FromPortablePdbStream(pdbStream);
        var sourceFolders = SourceFolders(reader, pdb.GetMetadataReader(), "/" + sourceDirectory.Trim('/') + "/");
        var collector = new Collector(reader, pe, rootNamespace, sourceFolders);
        collector.Run();
        var edges = collector.Edges.ToDictionary(
            pair => pair.Key,
            pair => (IReadOnlyDictionary<string, string>)pair.Value,
            StringComparer.Ordinal);
        return new FolderGraph(Path.GetFileNameWithoutExtension(assemblyPath), edges, collector.Folders);
    }

    /// <summary>For each type with code, the source folder most of its methods' sequence points are in (generated files outside the project directory do not count).</summary>
    private static Dictionary<TypeDefinitionHandle, string> SourceFolders(MetadataReader reader, MetadataReader pdb, string marker)
    {
        var votes = new Dictionary<TypeDefinitionHandle, Dictionary<string, int>>();
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var owner = typeHandle;
            while (!reader.GetTypeDefinition(owner).GetDeclaringType().IsNil)
            {
                owner = reader.GetTypeDefinition(owner).GetDeclaringType();
            }

            foreach (var methodHandle in reader.GetTypeDefinition(typeHandle).GetMethods())
            {
                var debug = pdb.GetMethodDebugInformation(methodHandle.ToDebugInformationHandle());
                if (debug.Document.IsNil)
                {
                    continue;
                }

                var path = pdb.GetString(pdb.GetDocument(debug.Document).Name).Replace('\\', '/');
                var at = path.IndexOf(marker, StringComparison.Ordinal);
                if (at < 0 || path.Contains("/obj/", StringComparison.Ordinal))
                {
                    continue;
                }

                var relative = path[(at + marker.Length)..];
                var slash = relative.LastIndexOf('/');
                var folder = slash < 0 ? RootFolder : relative[..slash];
                if (!votes.TryGetValue(owner, out var counts))
                {
                    votes[owner] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
                }

                counts[folder] = counts.GetValueOrDefault(folder) + 1;
            }
        }

        return votes.ToDictionary(pair => pair.Key, pair => pair.Value.MaxBy(vote => vote.Value).Key);
    }

    /// <summary>The strongly connected components of the folder graph without <paramref name="excluded"/>, largest first.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles(params string[] excluded)
    {
        var skip = new HashSet<string>(excluded, StringComparer.Ordinal);
        var nodes = Folders.Where(f => !skip.Contains(f)).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var onStack = new HashSet<string>();
        var stack = new Stack<string>();
        var components = new List<IReadOnlyList<string>>();
        var next = 0;

        void Visit(string node)
        {
            index[node] = low[node] = next++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var target in Targets(node).Where(t => !skip.Contains(t)))
            {
                if (!index.TryGetValue(target, out var targetIndex))
                {
                    Visit(target);
                    low[node] = Math.Min(low[node], low[target]);
                }
                else if (onStack.Contains(target))
                {
                    low[node] = Math.Min(low[node], targetIndex);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                component.Sort(StringComparer.Ordinal);
                components.Add(component);
            }
        }

        foreach (var node in nodes)
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return components.OrderByDescending(c => c.Count).ToList();
    }

    public IEnumerable<string> Targets(string folder) =>
        Edges.TryGetValue(folder, out var targets) ? targets.Keys : [];

    /// <summary>The edges inside one component, each with its example, for a readable failure message.</summary>
    public string Describe(IReadOnlyCollection<string> component) =>
        string.Join(Environment.NewLine, component
            .SelectMany(from => Targets(from).Where(component.Contains).Select(to => $"  {from} -> {to}   ({Edges[from][to]})"))
            .Order(StringComparer.Ordinal));

    public string DescribeAll() =>
        string.Join(Environment.NewLine, Edges
            .SelectMany(pair => pair.Value.Select(target => $"{pair.Key} -> {target.Key}   ({target.Value})"))
            .Order(StringComparer.Ordinal));

    private sealed class Collector(MetadataReader reader, PEReader pe, string rootNamespace, Dictionary<TypeDefinitionHandle, string> sourceFolders)
    {
        private static readonly Dictionary<short, OperandType> OperandTypes = typeof(OpCodes)
            .GetFields()
            .Select(field => (OpCode)field.GetValue(null)!)
            .ToDictionary(code => code.Value, code => code.OperandType);

        private readonly TypeCollector _signatures = new(reader);

        public Dictionary<string, Dictionary<string, string>> Edges { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Folders { get; } = new(StringComparer.Ordinal);

        public void Run()
        {
            foreach (var handle in reader.TypeDefinitions)
            {
                var owner = Outermost(handle);
                var folder = FolderOf(owner);
                if (folder is null)
                {
                    continue;
                }

                Folders.Add(folder);
                foreach (var target in References(handle))
                {
                    var targetOwner = Outermost(target);
                    var targetFolder = FolderOf(targetOwner);
                    if (targetFolder is null || targetFolder == folder)
                    {
                        continue;
                    }

                    if (!Edges.TryGetValue(folder, out var targets))
                    {
                        Edges[folder] = targets = new Dictionary<string, string>(StringComparer.Ordinal);
                    }

                    targets.TryAdd(targetFolder, $"{Name(owner)} -> {Name(targetOwner)}");
                }
            }
        }

        private TypeDefinitionHandle Outermost(TypeDefinitionHandle handle)
        {
            var declaring = reader.GetTypeDefinition(handle).GetDeclaringType();
            return declaring.IsNil ? handle : Outermost(declaring);
        }

        private string Name(TypeDefinitionHandle handle) => reader.GetString(reader.GetTypeDefinition(handle).Name);

        /// <summary>The folder of a top-level type; null for compiler-only types (&lt;Module&gt;, &lt;PrivateImplementationDetails&gt;) and code-less types outside the root namespace.</summary>
        private string? FolderOf(TypeDefinitionHandle handle)
        {
            var type = reader.GetTypeDefinition(handle);
            var name = reader.GetString(type.Name);
            var ns = reader.GetString(type.Namespace);
            if (name.StartsWith('<'))
            {
                return null;
            }

            if (sourceFolders.TryGetValue(handle, out var sourceFolder))
            {
                return sourceFolder;
            }

            if (ns == rootNamespace)
            {
                return RootFolder;
            }

            if (ns.Length == 0)
            {
                // Top-level statements (Program) and other global types belong to the project root.
                return RootFolder;
            }

            return ns.StartsWith(rootNamespace + ".", StringComparison.Ordinal)
                ? ns[(rootNamespace.Length + 1)..].Replace('.', '/')
                : null;
        }

        private IEnumerable<TypeDefinitionHandle> References(TypeDefinitionHandle handle)
        {
            var type = reader.GetTypeDefinition(handle);
            var found = new HashSet<TypeDefinitionHandle>();
            AddType(type.BaseType, found);
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                AddType(reader.GetInterfaceImplementation(implementation).Interface, found);
            }

            AddAttributes(type.GetCustomAttributes(), found);
            AddGenericParameters(type.GetGenericParameters(), found);
            foreach (var fieldHandle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                found.UnionWith(field.DecodeSignature(_signatures, null));
                AddAttributes(field.GetCustomAttributes(), found);
            }

            foreach (var propertyHandle in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(propertyHandle);
                AddMethodSignature(property.DecodeSignature(_signatures, null), found);
                AddAttributes(property.GetCustomAttributes(), found);
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                AddMethodSignature(method.DecodeSignature(_signatures, null), found);
                AddAttributes(method.GetCustomAttributes(), found);
                AddGenericParameters(method.GetGenericParameters(), found);
                foreach (var parameterHandle in method.GetParameters())
                {
                    AddAttributes(reader.GetParameter(parameterHandle).GetCustomAttributes(), found);
                }

                if (method.RelativeVirtualAddress != 0)
                {
                    try
                    {
                        AddBody(pe.GetMethodBody(method.RelativeVirtualAddress), found);
                    }
                    catch (InvalidOperationException error)
                    {
                        throw new InvalidOperationException($"{Name(handle)}.{reader.GetString(method.Name)}: {error.Message}", error);
                    }
                }
            }

            return found;
        }

        private static void AddMethodSignature(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature, HashSet<TypeDefinitionHandle> found)
        {
            found.UnionWith(signature.ReturnType);
            foreach (var parameter in signature.ParameterTypes)
            {
                found.UnionWith(parameter);
            }
        }

        private void AddGenericParameters(GenericParameterHandleCollection parameters, HashSet<TypeDefinitionHandle> found)
        {
            foreach (var parameterHandle in parameters)
            {
                foreach (var constraintHandle in reader.GetGenericParameter(parameterHandle).GetConstraints())
                {
                    AddType(reader.GetGenericParameterConstraint(constraintHandle).Type, found);
                }
            }
        }

        private void AddAttributes(CustomAttributeHandleCollection attributes, HashSet<TypeDefinitionHandle> found)
        {
            foreach (var attributeHandle in attributes)
            {
                AddToken(reader.GetCustomAttribute(attributeHandle).Constructor, found);
            }
        }

        private void AddBody(MethodBodyBlock body, HashSet<TypeDefinitionHandle> found)
        {
            if (!body.LocalSignature.IsNil)
            {
                var locals = reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_signatures, null);
                foreach (var local in locals)
                {
                    found.UnionWith(local);
                }
            }

            foreach (var region in body.ExceptionRegions)
            {
                AddType(region.CatchType, found);
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                short value = il.ReadByte();
                if (value == 0xFE)
                {
                    value = (short)(0xFE00 | il.ReadByte());
                }

                if (!OperandTypes.TryGetValue(value, out var operandType))
                {
                    throw new InvalidOperationException($"Unknown opcode {value} at IL offset {il.Offset - 1} of a body of {body.Size} bytes.");
                }

                switch (operandType)
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineSwitch:
                        // Read the count first: "il.Offset += 4 * il.ReadInt32()" would take Offset before the read moved it.
                        var targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineTok:
                    case OperandType.InlineType:
                        AddToken(MetadataTokens.EntityHandle(il.ReadInt32()), found);
                        break;
                    default:
                        // InlineI, InlineBrTarget, InlineSig, InlineString, ShortInlineR.
                        il.Offset += 4;
                        break;
                }
            }
        }

        private void AddType(EntityHandle handle, HashSet<TypeDefinitionHandle> found)
        {
            if (!handle.IsNil)
            {
                AddToken(handle, found);
            }
        }

        private void AddToken(EntityHandle handle, HashSet<TypeDefinitionHandle> found)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    found.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    found.UnionWith(reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_signatures, null));
                    break;
                case HandleKind.MethodDefinition:
                    found.Add(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.FieldDefinition:
                    found.Add(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    AddType(member.Parent, found);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        AddMethodSignature(member.DecodeMethodSignature(_signatures, null), found);
                    }
                    else
                    {
                        found.UnionWith(member.DecodeFieldSignature(_signatures, null));
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    AddToken(specification.Method, found);
                    foreach (var argument in specification.DecodeSignature(_signatures, null))
                    {
                        found.UnionWith(argument);
                    }

                    break;
                default:
                    // TypeReference: another assembly's type, not a folder of this one.
                    break;
            }
        }
    }

    /// <summary>Decodes a signature into the set of this assembly's types it mentions.</summary>
    private sealed class TypeCollector(MetadataReader reader) : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, object?>
    {
        private static readonly ImmutableArray<TypeDefinitionHandle> None = [];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) => None;

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader metadata, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, context);

        public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => None;

        public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType, ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments) =>
            genericType.AddRange(typeArguments.SelectMany(argument => argument));

        public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(object? genericContext, int index) => None;

        public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(object? genericContext, int index) => None;

        public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) =>
            signature.ReturnType.AddRange(signature.ParameterTypes.SelectMany(parameter => parameter));

        public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier, ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) => unmodifiedType;
    }
}
