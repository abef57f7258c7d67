package dev.herald.registry.compatibility.protobuf;

import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.TypeElement;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every message and enum declared by a file and its dependencies, by fully-qualified name, with protobuf's
 * scoping rules for resolving a type name written inside a message. Immutable after construction.
 */
final class TypeIndex {

    /** A declared type: its full name, its name relative to its package, and its declaration. */
    record DeclaredType(String fullName, String relativeName, TypeElement element) {
        boolean isMessage() {
            return element instanceof MessageElement;
        }

        boolean isEnum() {
            return element instanceof EnumElement;
        }
    }

    private final Map<String, DeclaredType> types = new LinkedHashMap<>();

    TypeIndex(ProtoFileElement file, Collection<ProtoFileElement> dependencies) {
        for (ProtoFileElement dependency : dependencies) {
            add(dependency);
        }
        add(file);
    }

    private void add(ProtoFileElement file) {
        String packageName = file.getPackageName() == null ? "" : file.getPackageName();
        for (TypeElement type : file.getTypes()) {
            add(packageName, "", type);
        }
    }

    private void add(String packageName, String outer, TypeElement type) {
        String relative = outer.isEmpty() ? type.getName() : outer + "." + type.getName();
        String full = packageName.isEmpty() ? relative : packageName + "." + relative;
        types.put(full, new DeclaredType(full, relative, type));
        for (TypeElement nested : type.getNestedTypes()) {
            add(packageName, relative, nested);
        }
    }

    /**
     * Resolves {@code name} as written in the message whose full name is {@code scope}: a leading dot means
     * fully qualified; otherwise the innermost enclosing scope that declares it wins.
     */
    DeclaredType resolve(String name, String scope) {
        if (name.startsWith(".")) {
            return types.get(name.substring(1));
        }
        String prefix = scope;
        while (true) {
            DeclaredType found = types.get(prefix.isEmpty() ? name : prefix + "." + name);
            if (found != null) {
                return found;
            }
            if (prefix.isEmpty()) {
                return null;
            }
            int dot = prefix.lastIndexOf('.');
            prefix = dot < 0 ? "" : prefix.substring(0, dot);
        }
    }
}
