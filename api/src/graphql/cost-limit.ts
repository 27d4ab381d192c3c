/**
 * A validation rule bounding an operation's cost, over HTTP and WebSocket alike.
 *
 * [Note: operation cost]
 * The cost is a count of the fields an answer can hold: every field costs 1 (`__typename` is
 * free), and a list field multiplies the cost of what is selected inside it by its size — the
 * literal `first`/`limit` argument when the operation gives one, else that argument's default in
 * the schema (also when a variable gives the size), else `listFactor`. Nested lists multiply. It is an estimate made before anything
 * runs (variables are not known yet during validation), so it is deliberately simple; the depth
 * and alias limits bound the shapes it cannot see.
 */
import {
  getNamedType,
  GraphQLError,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLType,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';

export interface CostLimitOptions {
  readonly maxCost: number;
  /** The size assumed for a list field without a `first`/`limit` size. */
  readonly listFactor: number;
}

const SIZE_ARGUMENTS = ['first', 'limit'];

export function costLimit(options: CostLimitOptions): ValidationRule {
  return (context) => {
    const schema = context.getSchema();
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const perFragment = new Map<string, number>();

    const costOfSet = (set: SelectionSetNode | undefined, parent: GraphQLNamedType | undefined, visiting: ReadonlySet<string>): number => {
      let cost = 0;
      for (const sel of set?.selections ?? []) {
        if (sel.kind === Kind.FIELD) cost += costOfField(sel, parent, visiting);
        else if (sel.kind === Kind.INLINE_FRAGMENT) {
          const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
          cost += costOfSet(sel.selectionSet, type, visiting);
        } else cost += costOfFragment(sel.name.value, visiting);
      }
      return cost;
    };

    const costOfField = (node: FieldNode, parent: GraphQLNamedType | undefined, visiting: ReadonlySet<string>): number => {
      if (node.name.value === '__typename') return 0;
      const def = fieldDefinition(parent, node.name.value, parent === schema.getQueryType());
      // Unknown fields are reported by the standard rules; count them as leaves.
      if (!def) return 1;
      return 1 + listMultiplier(def, node, options.listFactor) * costOfSet(node.selectionSet, getNamedType(def.type), visiting);
    };

    const costOfFragment = (name: string, visiting: ReadonlySet<string>): number => {
      const known = perFragment.get(name);
      if (known !== undefined) return known;
      const fragment = fragments.get(name);
      // Unknown fragments and cycles are reported by the standard rules.
      if (!fragment || visiting.has(name)) return 0;
      const cost = costOfSet(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), new Set([...visiting, name]));
      perFragment.set(name, cost);
      return cost;
    };

    return {
      OperationDefinition(op) {
        const root = schema.getRootType(op.operation) ?? undefined;
        const cost = costOfSet(op.selectionSet, root, new Set());
        if (cost > options.maxCost) {
          context.reportError(
            new GraphQLError(`Operation is too costly (${costLabel(cost)} > ${options.maxCost}).`, {
              nodes: [op],
              extensions: { limit: 'maxCost', max: options.maxCost },
            }),
          );
        }
      },
    };
  };
}

function fieldDefinition(
  parent: GraphQLNamedType | undefined,
  name: string,
  isQueryRoot: boolean,
): GraphQLField<unknown, unknown> | undefined {
  if (isQueryRoot && name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
  if (isQueryRoot && name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  if (!isObjectType(parent) && !isInterfaceType(parent)) return undefined;
  return parent.getFields()[name];
}

/** The product of the field's list sizes: the first list level takes the size argument, deeper ones `listFactor`. */
function listMultiplier(def: GraphQLField<unknown, unknown>, node: FieldNode, listFactor: number): number {
  let multiplier = 1;
  let first = true;
  for (let type: GraphQLType = def.type; ;) {
    if (isNonNullType(type)) type = type.ofType;
    else if (isListType(type)) {
      multiplier *= first ? (sizeArgument(def, node) ?? listFactor) : listFactor;
      first = false;
      type = type.ofType;
    } else return multiplier;
  }
}

function sizeArgument(def: GraphQLField<unknown, unknown>, node: FieldNode): number | undefined {
  for (const name of SIZE_ARGUMENTS) {
    const given = node.arguments?.find((a) => a.name.value === name)?.value;
    if (given?.kind === Kind.INT) return Math.max(0, Number.parseInt(given.value, 10));
    // Absent, or a variable (its value is not known yet): the schema's default size.
    const declared = def.args.find((a) => a.name === name)?.defaultValue;
    if (typeof declared === 'number') return Math.max(0, declared);
  }
  return undefined;
}

const costLabel = (cost: number): string => (Number.isFinite(cost) && cost < 1e9 ? String(cost) : 'more than 10^9');
