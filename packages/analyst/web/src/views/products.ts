/**
 * Products: which products people looked at, put in carts and bought in the period — persons,
 * events by action, units sold and revenue against the previous period (GET /api/products, the
 * rules of tables/products applied to the period).
 */
import { get } from '../api';
import { figure } from '../charts';
import { empty, h, panel, type Child } from '../dom';
import { count, money } from '../format';
import { load } from '../session';
import type { ViewRender } from '../shell';
import { table, withChange } from '../table';
import { common, heading } from './common';

interface ProductRow {
  product_id: string;
  name: string | null;
  brand: string | null;
  category: string | null;
  persons: number;
  interactions: { action: string; events: number }[];
  revenue: number;
  units: number;
  previous_revenue: number | null;
}

interface ProductsAnswer {
  currency: string | null;
  rows: ProductRow[];
}

export const productsView: ViewRender = (main, s) => {
  const p = panel('Products');
  p.classList.add('wide');
  main.append(...heading('Products', s), h('div', { class: 'grid' }, p));
  void load(p, get<ProductsAnswer>('products', common(s)), (d) => productsPanel(d, s.compare));
};

function productsPanel(d: ProductsAnswer, compare: boolean): Child {
  if (!d.rows.length) return empty('No product was seen in this range (events carry products when the site sends them, or an action maps them).');
  const sold = d.rows.some((r) => r.revenue > 0);
  const key = sold ? 'revenue' : 'persons';
  const top = [...d.rows].sort((a, b) => b[key] - a[key]).slice(0, 10);
  const fmt = (n: number) => (sold ? money(n, d.currency) : count(n));
  const label = (r: ProductRow) => r.name ?? r.product_id;
  return [
    figure({
      kind: 'hbar',
      title: sold ? 'Revenue by product' : 'Persons by product',
      summary: `${sold ? 'Revenue' : 'Persons'} of the top products: ${top.map((r) => `${label(r)} ${fmt(r[key])}`).join(', ')}.`,
      labels: top.map(label),
      labelHeading: 'Product',
      series: [{ label: 'This period', data: top.map((r) => r[key]) }, ...(sold && compare ? [{ label: 'Previous period', data: top.map((r) => r.previous_revenue ?? 0), previous: true, color: '#0072B2' }] : [])],
      format: fmt,
      tall: true,
    }),
    sold ? null : empty('No conversions with these products in this range.'),
    table('Products', [
      { label: 'Product', cell: (r: ProductRow) => [label(r), r.name && r.name !== r.product_id ? h('span', { class: 'id' }, r.product_id) : null] },
      { label: 'Brand', wide: true, cell: (r) => r.brand ?? '–' },
      { label: 'Category', wide: true, cell: (r) => r.category ?? '–' },
      { label: 'Persons', num: true, cell: (r) => count(r.persons) },
      { label: 'Events', wide: true, cell: (r) => r.interactions.slice(0, 3).map((i) => `${i.action} ${count(i.events)}`).join(', ') },
      { label: 'Units sold', num: true, cell: (r) => count(r.units) },
      { label: 'Revenue', num: true, cell: (r) => withChange(money(r.revenue, d.currency), r.revenue, compare ? r.previous_revenue : null) },
    ], d.rows, { limit: 25 }),
  ];
}
