using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Rules.Compilation;

/// <summary>HAProxy's predefined ACLs, usable in any scope unless the scope defines an ACL of the same name.</summary>
internal static class PredefinedAcls
{
    private const string Definitions = """
        acl TRUE always_true
        acl FALSE always_false
        acl LOCALHOST src 127.0.0.1/8 ::1
        acl HTTP_1.0 req.ver 1.0
        acl HTTP_1.1 req.ver 1.1
        acl HTTP_2.0 req.ver 2.0
        acl HTTP_3.0 req.ver 3.0
        acl METH_CONNECT method CONNECT
        acl METH_DELETE method DELETE
        acl METH_GET method GET HEAD
        acl METH_HEAD method HEAD
        acl METH_OPTIONS method OPTIONS
        acl METH_POST method POST
        acl METH_PUT method PUT
        acl METH_TRACE method TRACE
        acl HTTP_URL_SLASH url -m beg /
        acl HTTP_URL_STAR url *
        acl HTTP_CONTENT hdr_val(content-length) gt 0
        """;

    public static IReadOnlyDictionary<string, AclStatement[]> All { get; } =
        RuleParser.ParseValid(Definitions).Acls.GroupBy(a => a.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
}
