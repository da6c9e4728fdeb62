/** A typed CustomResourceDefinition (apiextensions.k8s.io/v1) and a builder for kubenomad's v1alpha1 kinds. */
import type { JSONSchemaProps } from './builders.js';

/** The API group of every kubenomad CRD. */
export const GROUP = 'kubenomad.io';

/** The one served and stored version. */
export const VERSION = 'v1alpha1';

/** An `additionalPrinterColumns` entry. */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

/** The `scale` subresource. */
export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** A CustomResourceDefinition with the fields kubenomad uses. */
export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: { kind: string; listKind: string; plural: string; singular: string; shortNames?: string[]; categories?: string[] };
    versions: Array<{
      name: string;
      served: boolean;
      storage: boolean;
      schema: { openAPIV3Schema: JSONSchemaProps };
      subresources?: { status?: Record<string, never>; scale?: ScaleSubresource };
      additionalPrinterColumns?: PrinterColumn[];
    }>;
  };
}

/** What differs between kubenomad's CRDs. */
export interface KindDefinition {
  kind: string;
  plural: string;
  shortNames?: string[];
  description: string;
  spec: JSONSchemaProps;
  status: JSONSchemaProps;
  columns: PrinterColumn[];
  scale?: ScaleSubresource;
}

/** The Age column every kind ends with. */
export const AGE_COLUMN: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

/** Builds the namespaced v1alpha1 CRD of one kubenomad kind. */
export function customResourceDefinition(def: KindDefinition): CustomResourceDefinition {
  const openAPIV3Schema: JSONSchemaProps = {
    type: 'object',
    description: def.description,
    properties: {
      apiVersion: { type: 'string', description: 'Versioned schema of this object: kubenomad.io/v1alpha1.' },
      kind: { type: 'string', description: `Kind of this object: ${def.kind}.` },
      // The apiserver forbids anything but `type` here (it owns ObjectMeta's schema and docs).
      metadata: { type: 'object' },
      spec: def.spec,
      status: def.status,
    },
    required: ['spec'],
  };
  const subresources: { status: Record<string, never>; scale?: ScaleSubresource } = { status: {} };
  if (def.scale !== undefined) subresources.scale = def.scale;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${def.plural}.${GROUP}`, labels: { 'app.kubernetes.io/part-of': 'kubenomad' } },
    spec: {
      group: GROUP,
      scope: 'Namespaced',
      names: {
        kind: def.kind,
        listKind: `${def.kind}List`,
        plural: def.plural,
        singular: def.kind.toLowerCase(),
        ...(def.shortNames ? { shortNames: def.shortNames } : {}),
        categories: ['kubenomad'],
      },
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          schema: { openAPIV3Schema },
          subresources,
          additionalPrinterColumns: [...def.columns, AGE_COLUMN],
        },
      ],
    },
  };
}
