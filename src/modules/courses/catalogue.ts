// The course catalogue: the built-in courses shipped as files in content/courses (validated when first read) and
// the tenant's own published courses. Both have the same shape; the portal does not tell them apart.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rows, sql, type Tx } from '../../platform/db/index.js';
import { CourseFile, courseMinutes } from './course-file.js';
import { coursesError } from './errors.js';

export const CONTENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../content/courses');
export const IMAGE_DIR = path.join(CONTENT_DIR, 'img');

let builtIns: CourseFile[] | null = null;

/** The built-in courses, read and validated once. A malformed file is a start-up error naming the file and field. */
export function builtInCourses(dir = CONTENT_DIR): CourseFile[] {
  if (builtIns && dir === CONTENT_DIR) return builtIns;
  const out: CourseFile[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const parsed = CourseFile.safeParse(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')));
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new Error(`course file ${name}: ${i.path.join('.')}: ${i.message}`);
    }
    for (const m of parsed.data.modules) for (const l of m.lessons) for (const b of l.body) {
      if (b.type === 'img' && !fs.existsSync(path.join(dir, 'img', b.src))) throw new Error(`course file ${name}: image ${b.src} is not in ${dir}/img`);
    }
    out.push(parsed.data);
  }
  if (dir === CONTENT_DIR) builtIns = out;
  return out;
}

export const isBuiltInCode = (code: string) => builtInCourses().some((c) => c.code === code);

export interface CatalogueEntry {
  course: CourseFile;
  source: 'built_in' | 'tenant';
  minutes: number;
}

/** Every course a debtor of this tenant may take: built-in ones and the tenant's published ones. */
export async function listCatalogue(tx: Tx): Promise<CatalogueEntry[]> {
  const own = await rows<{ content: CourseFile }>(tx, sql`SELECT content FROM courses.tenant_courses WHERE status = 'published' ORDER BY code`);
  return [
    ...builtInCourses().map((course) => ({ course, source: 'built_in' as const, minutes: courseMinutes(course) })),
    ...own.map((r) => ({ course: CourseFile.parse(r.content), source: 'tenant' as const, minutes: courseMinutes(CourseFile.parse(r.content)) })),
  ];
}

/** One course of the catalogue. Throws COURSES_NOT_FOUND. */
export async function getCatalogueCourse(tx: Tx, code: string): Promise<CatalogueEntry> {
  const hit = (await listCatalogue(tx)).find((e) => e.course.code === code);
  if (!hit) throw coursesError('COURSES_NOT_FOUND', { detail: code, field: 'code' });
  return hit;
}

/** An image of the course library as bytes. Throws COURSES_IMAGE_NOT_FOUND. */
export function readCourseImage(name: string): Buffer {
  if (!/^[a-z0-9-]+\.svg$/.test(name)) throw coursesError('COURSES_IMAGE_NOT_FOUND', { detail: name, field: 'name' });
  const file = path.join(IMAGE_DIR, name);
  if (!fs.existsSync(file)) throw coursesError('COURSES_IMAGE_NOT_FOUND', { detail: name, field: 'name' });
  return fs.readFileSync(file);
}
